#include "app/integration_components.hpp"

namespace roi::app {
namespace {

security::TokenCipher token_cipher(const config::AuthSettings& settings,
                                   observability::Logger& log) {
  if (settings.token_encryption_key.empty()) {
    if (!settings.demo_mode) {
      throw config::ConfigError(
          "TOKEN_ENCRYPTION_KEY is required (base64 of 32 bytes, e.g. `openssl rand -base64 32`, "
          "or a rotation ring 'new:<key>,old:<key>'); only demo mode may start without one");
    }
    log.warn("demo_mode")
        .str("detail",
             "token encryption key generated for this run; connected accounts "
             "must be connected again after a restart");
    return security::TokenCipher::random();
  }
  try {
    return security::TokenCipher::from_key_ring(settings.token_encryption_key);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(std::string("TOKEN_ENCRYPTION_KEY: ") + e.what());
  }
}

}  // namespace

IntegrationComponents::IntegrationComponents(const config::Settings& settings, store::Pool& pool,
                                             plugins::PluginHost& plugins,
                                             modules::billing::PlanLimits& limits,
                                             observability::Logger& log)
    : cipher_(token_cipher(settings.auth, log)),
      integrations_(pool),
      states_(pool),
      jobs_(pool, settings.sync.max_attempts),
      flow_(
          integrations_, states_, jobs_, plugins, cipher_,
          [&limits](std::int64_t user) { limits.check_can_add_integration(user); }, log),
      callback_(flow_, plugins, settings.web.frontend_url),
      plugins_(plugins),
      limits_(limits),
      public_url_(settings.web.public_url) {}

modules::integrations::Services IntegrationComponents::services() {
  return {integrations_, flow_, jobs_, limits_, plugins_, public_url_};
}

}  // namespace roi::app

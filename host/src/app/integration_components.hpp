// The integrations machinery built from settings: the token cipher (key ring from
// TOKEN_ENCRYPTION_KEY, or a per-run key in demo mode), repositories, the connect flow and the
// OAuth callback route.
#pragma once

#include "app/settings.hpp"
#include "modules/billing/plan_limits.hpp"
#include "modules/integrations/integrations_module.hpp"
#include "modules/integrations/oauth_callback.hpp"
#include "observability/log.hpp"
#include "plugins/plugin_host.hpp"
#include "security/token_cipher.hpp"
#include "store/change_feed.hpp"
#include "store/integration_repository.hpp"
#include "store/oauth_state_repository.hpp"
#include "store/pool.hpp"
#include "store/sync_job_repository.hpp"

namespace roi::app {

class IntegrationComponents {
 public:
  // Throws config::ConfigError when there is no usable key outside demo mode.
  // `limits` decides how many integrations a user's plan allows; it must outlive this.
  IntegrationComponents(const Settings& settings, store::Pool& pool, store::ChangeFeed& changes,
                        plugins::PluginHost& plugins, modules::billing::PlanLimits& limits,
                        observability::Logger& log);

  modules::integrations::Services services();
  modules::integrations::OAuthCallback& callback() { return callback_; }
  store::SyncJobRepository& jobs() { return jobs_; }
  const security::TokenCipher& cipher() const { return cipher_; }

 private:
  security::TokenCipher cipher_;
  store::IntegrationRepository integrations_;
  store::OAuthStateRepository states_;
  store::SyncJobRepository jobs_;
  integrations::ConnectFlow flow_;
  modules::integrations::OAuthCallback callback_;
  plugins::PluginHost& plugins_;
  modules::billing::PlanLimits& limits_;
  std::string public_url_;
};

}  // namespace roi::app

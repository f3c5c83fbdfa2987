#include "app/auth_components.hpp"

#include "api/error.hpp"
#include "auth/session_authenticator.hpp"
#include "auth/token_codec.hpp"
#include "store/error.hpp"

namespace roi::app {
namespace {

// The configured secret, or in demo mode a random one that lives as long as this process
// (tokens do not survive a restart, which is what a demo wants). Never a fixed string.
std::string jwt_secret(const auth::AuthSettings& settings, observability::Logger& log) {
  if (!settings.jwt_secret.empty()) return settings.jwt_secret;
  if (!settings.demo_mode) {
    throw config::ConfigError(
        "JWT_SECRET is required (at least 32 bytes, e.g. `openssl rand -hex 32`); only demo mode "
        "(ROI_DEMO_MODE=true, as `make run` sets) may start without one");
  }
  log.warn("demo_mode").str("detail", "JWT secret generated for this run; sessions end on restart");
  return auth::new_session_id() + auth::new_session_id();
}

}  // namespace

AuthComponents::AuthComponents(const auth::AuthSettings& settings, store::Pool& pool,
                               store::ChangeFeed& changes, boost::asio::io_context& loop,
                               observability::Logger& log)
    : secret_(jwt_secret(settings, log)),
      users_(pool, changes),
      sessions_(pool),
      passwords_(settings.bcrypt_cost),
      tokens_(std::make_unique<auth::TokenCodec>(secret_,
                                                 std::chrono::seconds(settings.token_lifetime_s))),
      throttles_(pool,
                 auth::ThrottleLimits{settings.login_free_failures_per_address,
                                      settings.login_free_failures_per_account,
                                      std::chrono::milliseconds(settings.login_first_delay_ms),
                                      std::chrono::seconds(settings.login_max_delay_s),
                                      std::chrono::seconds(settings.login_window_s)},
                 auth::RegisterLimits{settings.register_per_address, settings.register_per_window,
                                      std::chrono::seconds(settings.register_window_s)}),
      hashing_(settings.hash_concurrency, std::chrono::milliseconds(settings.hash_wait_ms)),
      authenticator_(std::make_unique<auth::SessionAuthenticator>(*tokens_, sessions_)),
      purge_(loop, std::chrono::seconds(settings.session_purge_interval_s), [this, &log] {
        try {
          if (const auto n = sessions_.purge_expired(); n > 0) {
            log.info("sessions_purged").num("deleted", n);
          }
          if (const auto n = throttles_.forget_stale(); n > 0) {
            log.info("throttle_counts_forgotten").num("deleted", n);
          }
        } catch (const store::Error& e) {
          log.warn("sessions_purge_failed").str("detail", e.what());
        }
      }) {}

modules::auth::Services AuthComponents::services() {
  return {users_, sessions_, passwords_, *tokens_, throttles_, throttles_, hashing_};
}

}  // namespace roi::app

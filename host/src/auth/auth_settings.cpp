#include "auth/auth_settings.hpp"

namespace roi::auth {
namespace {

using S = AuthSettings;

// A secret: may be empty (the composition root decides whether that is allowed), is never
// printed by --print, and must be long enough to be a key when set.
config::Key<S> secret_key(std::string path, std::string env, std::string S::*member,
                          std::string doc) {
  return {path,
          std::move(env),
          std::string(),
          std::move(doc),
          [=](S& s, const std::string& v) {
            if (!v.empty() && v.size() < 32) {
              throw config::ConfigError("configuration key '" + path +
                                        "' must be at least 32 bytes (e.g. openssl rand -hex 32)");
            }
            s.*member = v;
          },
          [=](const S& s) { return std::string((s.*member).empty() ? "(unset)" : "(set)"); }};
}

}  // namespace

std::vector<config::Key<AuthSettings>> auth_keys() {
  return {
      secret_key("auth.jwt_secret", "JWT_SECRET", &S::jwt_secret,
                 "HS256 key of session tokens, at least 32 bytes; empty only in demo mode"),
      secret_key("auth.token_encryption_key", "TOKEN_ENCRYPTION_KEY", &S::token_encryption_key,
                 "key ring sealing platform tokens; empty only in demo mode"),
      config::bool_key<S>("auth.demo_mode", "ROI_DEMO_MODE", "false", &S::demo_mode,
                          "per-run secrets when none are set (make run)"),
      config::integer_key<S>("auth.bcrypt_cost", "ROI_BCRYPT_COST", "12", 4, 31, &S::bcrypt_cost),
      config::integer_key<S>("auth.token_lifetime_s", "ROI_TOKEN_LIFETIME_S", "604800", 60,
                             31536000, &S::token_lifetime_s),
      config::integer_key<S>("auth.login_free_failures_per_address",
                             "ROI_LOGIN_FREE_FAILURES_PER_ADDRESS", "20", 0, 1000000,
                             &S::login_free_failures_per_address,
                             "failed logins from one address before each further one is delayed"),
      config::integer_key<S>("auth.login_free_failures_per_account",
                             "ROI_LOGIN_FREE_FAILURES_PER_ACCOUNT", "5", 0, 100000,
                             &S::login_free_failures_per_account,
                             "failed logins of one email from one address before delays begin"),
      config::integer_key<S>("auth.login_first_delay_ms", "ROI_LOGIN_FIRST_DELAY_MS", "1000", 1,
                             3600000, &S::login_first_delay_ms,
                             "first delay, doubled per further failure"),
      config::integer_key<S>("auth.login_max_delay_s", "ROI_LOGIN_MAX_DELAY_S", "900", 1, 86400,
                             &S::login_max_delay_s),
      config::integer_key<S>("auth.register_per_address", "ROI_REGISTER_PER_ADDRESS", "10", 1,
                             1000000, &S::register_per_address,
                             "registrations one address may make per register_window_s"),
      config::integer_key<S>("auth.register_per_window", "ROI_REGISTER_PER_WINDOW", "1000", 1,
                             100000000, &S::register_per_window,
                             "registrations from everyone per register_window_s"),
      config::integer_key<S>("auth.register_window_s", "ROI_REGISTER_WINDOW_S", "3600", 1, 86400,
                             &S::register_window_s),
      config::integer_key<S>("auth.hash_concurrency", "ROI_HASH_CONCURRENCY", "0", 0, 1024,
                             &S::hash_concurrency,
                             "password hashes at once in this process; 0: half the CPU cores"),
      config::integer_key<S>("auth.hash_wait_ms", "ROI_HASH_WAIT_MS", "250", 0, 60000,
                             &S::hash_wait_ms,
                             "a login waits this long for a hashing slot, then 503 Retry-After"),
      config::integer_key<S>("auth.session_purge_interval_s", "ROI_SESSION_PURGE_INTERVAL_S",
                             "3600", 1, 604800, &S::session_purge_interval_s,
                             "how often expired session rows are deleted"),
      config::integer_key<S>("auth.login_window_s", "ROI_LOGIN_WINDOW_S", "900", 1, 86400,
                             &S::login_window_s,
                             "failures are forgotten this long after the last one"),
  };
}

}  // namespace roi::auth

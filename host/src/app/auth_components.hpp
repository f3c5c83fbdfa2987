// The account and session machinery built from settings: repositories, password hasher and its
// gate, token codec, login and registration limits, and the authenticator the tRPC endpoint asks.
#pragma once

#include <memory>

#include "api/authenticator.hpp"
#include "auth/auth_settings.hpp"
#include "concurrency/periodic.hpp"
#include "config/key.hpp"
#include "modules/auth/auth_module.hpp"
#include "observability/log.hpp"
#include "store/pool.hpp"
#include "store/session_repository.hpp"
#include "store/throttle_repository.hpp"
#include "store/user_repository.hpp"

namespace roi::app {

class AuthComponents {
 public:
  // Throws config::ConfigError when there is no JWT secret outside demo mode.
  AuthComponents(const auth::AuthSettings& settings, store::Pool& pool, store::ChangeFeed& changes,
                 boost::asio::io_context& loop, observability::Logger& log);

  modules::auth::Services services();
  const api::Authenticator& authenticator() const { return *authenticator_; }
  // The key sessions are signed with; other areas derive their own keys from it.
  const std::string& secret() const { return secret_; }
  // Starts deleting expired sessions and stale login and registration counts every
  // auth.session_purge_interval_s, on the event loop.
  void start() { purge_.start(); }
  void stop() { purge_.stop(); }
  // The feed topic that keeps sessions held in memory true.
  store::ChangeFeed::Topic changes() { return sessions_.changes(); }

 private:
  std::string secret_;
  store::UserRepository users_;
  store::SessionRepository sessions_;
  auth::PasswordHasher passwords_;
  std::unique_ptr<auth::TokenCodec> tokens_;
  store::ThrottleRepository throttles_;  // login and registration limits, shared by every host
  auth::HashGate hashing_;
  std::unique_ptr<api::Authenticator> authenticator_;
  concurrency::Periodic purge_;  // last: stopped before the rest goes
};

}  // namespace roi::app

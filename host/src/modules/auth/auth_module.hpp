// auth.*: register, login, logout and me. Accounts with bcrypt passwords, JWT sessions that a
// logout revokes, login slow-down per client address and per (email, address), registrations
// limited per address and overall, and password hashes limited to a few at once.
#pragma once

#include "api/procedure.hpp"
#include "auth/hash_gate.hpp"
#include "auth/login_throttle.hpp"
#include "auth/password_hasher.hpp"
#include "auth/register_throttle.hpp"
#include "auth/session_store.hpp"
#include "auth/token_codec.hpp"
#include "auth/user_store.hpp"

namespace roi::modules::auth {

struct Services {
  roi::auth::UserStore& users;
  roi::auth::SessionStore& sessions;
  const roi::auth::PasswordHasher& passwords;
  const roi::auth::TokenCodec& tokens;
  roi::auth::LoginThrottle& throttle;
  roi::auth::RegisterThrottle& registrations;
  roi::auth::HashGate& hashing;
};

// The services must outlive the registry.
void register_procedures(api::ProcedureRegistry& registry, Services services);

}  // namespace roi::modules::auth

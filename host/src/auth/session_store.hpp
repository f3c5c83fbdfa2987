// Server-side sessions: one row per issued token (its jti), so a token can be revoked before it
// expires. Implemented over Postgres in store/session_repository.
#pragma once

#include <cstdint>
#include <string>

#include "auth/token_codec.hpp"

namespace roi::auth {

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual void create(const TokenClaims& claims) = 0;
  // True when the session exists for this user, is not revoked and has not expired.
  virtual bool is_active(const std::string& session_id, std::int64_t user_id) = 0;
  virtual void revoke(const std::string& session_id) = 0;
};

}  // namespace roi::auth

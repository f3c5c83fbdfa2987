// Session tokens: JWTs signed with HS256 (libjwt) carrying the user id, a session id (jti) that
// names a row in the sessions table, iat and exp. Anything else — other algorithms, "none",
// another key, a missing claim, an expired token — is refused.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "concurrency/notified_cache.hpp"

namespace roi::auth {

using Clock = std::chrono::system_clock;

struct TokenClaims {
  std::int64_t user_id = 0;
  std::string session_id;  // 32 lower-case hex digits, random
  Clock::time_point issued_at;
  Clock::time_point expires_at;
};

struct IssuedToken {
  std::string token;
  TokenClaims claims;
};

// A new random session id (128 bits from OpenSSL's CSPRNG, hex).
std::string new_session_id();
// Whether `s` has a session id's form: 32 lower-case hex digits.
bool is_session_id(std::string_view s);

class TokenCodec {
 public:
  // Throws std::invalid_argument for a secret shorter than 32 bytes or a non-positive lifetime.
  TokenCodec(std::string secret, std::chrono::seconds lifetime);

  std::chrono::seconds lifetime() const { return lifetime_; }

  // Signs a token for a new session of `user_id`, valid from `now` for the lifetime.
  IssuedToken issue(std::int64_t user_id, Clock::time_point now) const;

  // The claims of a token this codec signed and that has not expired at `now`; nullopt for
  // anything else. Never throws on hostile input.
  std::optional<TokenClaims> verify(std::string_view token, Clock::time_point now) const;

 private:
  std::string secret_;
  std::chrono::seconds lifetime_;
  // Claims of tokens whose signature already checked out: a token's bytes decide its claims, so
  // only the time checks are redone. Saves the HMAC and JSON work on every signed-in request.
  // The claims of a token signed with our key, whatever its times; nullopt for anything else.
  std::optional<TokenClaims> decode(const std::string& token) const;

  mutable concurrency::NotifiedCache<std::string, TokenClaims> verified_;
};

}  // namespace roi::auth

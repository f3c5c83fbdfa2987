// Who is calling: the endpoint asks an Authenticator before running a procedure that needs a
// user, so a module never reads tokens or cookies itself and cannot forget the check.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace roi::api {

struct AuthenticatedUser {
  std::int64_t id = 0;
  std::string session_id;  // the token's jti; logout revokes it
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // The caller's user when the request carries a valid, unrevoked session; nullopt otherwise.
  // Throws api::Error only for faults that are not the caller's (e.g. the database is down).
  virtual std::optional<AuthenticatedUser> authenticate(const http::Request& request) const = 0;
};

}  // namespace roi::api

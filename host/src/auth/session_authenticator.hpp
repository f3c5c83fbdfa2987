// The api::Authenticator of the host: reads the token from "Authorization: Bearer" or the
// session cookie, verifies it, and checks that its session row is still active.
#pragma once

#include "api/authenticator.hpp"
#include "auth/session_store.hpp"
#include "auth/token_codec.hpp"

namespace roi::auth {

class SessionAuthenticator final : public api::Authenticator {
 public:
  SessionAuthenticator(const TokenCodec& tokens, SessionStore& sessions)
      : tokens_(tokens), sessions_(sessions) {}

  std::optional<api::AuthenticatedUser> authenticate(const http::Request& request) const override;

 private:
  const TokenCodec& tokens_;
  SessionStore& sessions_;
};

// The token a request presents: the Bearer credential when there is an Authorization header
// (a malformed one yields nothing, never the cookie), else the session cookie.
std::optional<std::string_view> presented_token(const http::Request& request);

}  // namespace roi::auth

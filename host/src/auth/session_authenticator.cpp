#include "auth/session_authenticator.hpp"

#include <algorithm>
#include <cctype>

#include "auth/session_cookie.hpp"

namespace roi::auth {

std::optional<std::string_view> presented_token(const http::Request& request) {
  const std::string_view authorization = request.header("authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kScheme = "bearer ";
    if (authorization.size() <= kScheme.size() ||
        !std::equal(kScheme.begin(), kScheme.end(), authorization.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        })) {
      return std::nullopt;
    }
    return authorization.substr(kScheme.size());
  }
  return session_cookie_value(request.header("cookie"));
}

std::optional<api::AuthenticatedUser> SessionAuthenticator::authenticate(
    const http::Request& request) const {
  const auto token = presented_token(request);
  if (!token) return std::nullopt;
  const auto claims = tokens_.verify(*token, Clock::now());
  if (!claims || !sessions_.is_active(claims->session_id, claims->user_id)) return std::nullopt;
  return api::AuthenticatedUser{claims->user_id, claims->session_id};
}

}  // namespace roi::auth

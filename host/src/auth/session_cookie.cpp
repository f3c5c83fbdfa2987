#include "auth/session_cookie.hpp"

#include <roi/sdk/helpers/http.hpp>

namespace roi::auth {
namespace {

constexpr std::string_view kAttributes = "; Path=/; HttpOnly; Secure; SameSite=Lax";

}  // namespace

std::string session_cookie(std::string_view token, std::chrono::seconds lifetime) {
  return std::string(kSessionCookieName) + "=" + std::string(token) + std::string(kAttributes) +
         "; Max-Age=" + std::to_string(lifetime.count());
}

std::string expired_session_cookie() {
  return std::string(kSessionCookieName) + "=" + std::string(kAttributes) + "; Max-Age=0";
}

std::optional<std::string_view> session_cookie_value(std::string_view header) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string_view pair = sdk::helpers::trim_ows(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos ||
        sdk::helpers::trim_ows(pair.substr(0, eq)) != kSessionCookieName)
      continue;
    const std::string_view value = sdk::helpers::trim_ows(pair.substr(eq + 1));
    if (!value.empty()) return value;
  }
  return std::nullopt;
}

}  // namespace roi::auth

#include "auth/session_cookie.hpp"

namespace roi::auth {
namespace {

constexpr std::string_view kAttributes = "; Path=/; HttpOnly; Secure; SameSite=Lax";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

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
    const std::string_view pair = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != kSessionCookieName) continue;
    const std::string_view value = trim(pair.substr(eq + 1));
    if (!value.empty()) return value;
  }
  return std::nullopt;
}

}  // namespace roi::auth

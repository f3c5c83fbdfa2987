// The session cookie browsers carry: HttpOnly (scripts cannot read it), Secure, SameSite=Lax.
// Browsers accept Secure cookies from http://localhost and 127.0.0.1, so `make run` works too.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace roi::auth {

inline constexpr std::string_view kSessionCookieName = "roi_session";

// The Set-Cookie value that stores `token` for `lifetime`.
std::string session_cookie(std::string_view token, std::chrono::seconds lifetime);

// The Set-Cookie value that makes the browser forget the session cookie.
std::string expired_session_cookie();

// The session token in a Cookie request header, if there is one.
std::optional<std::string_view> session_cookie_value(std::string_view cookie_header);

}  // namespace roi::auth

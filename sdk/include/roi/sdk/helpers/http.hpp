// Turning a platform's HTTP answer into the SDK's error kinds, and URL/form encoding, so every
// connector classifies 401/429/5xx the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "roi/sdk/errors.hpp"
#include "roi/sdk/host_services.hpp"

namespace roi::sdk::helpers {

// Throws the ConnectorError a non-2xx (or failed) response means: 401 → NeedsReauth, 429 →
// RateLimited with Retry-After, 408/5xx/no answer → Transient, anything else → Permanent.
// `what` names the request in the message ("list campaigns"); the body is never included.
void expect_success(const HttpResponse& response, std::string_view what);

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string url_encode(std::string_view text);

// application/x-www-form-urlencoded body or query string from name/value pairs.
std::string form_encode(const Headers& fields);

// `text` without the spaces and tabs around it (a header's optional white space, RFC 9110 §5.6.3).
std::string_view trim_ows(std::string_view text);

// One line of a response head as libcurl hands it over (CRLF included): the header's name in lower
// case and its value without the white space around it; nullopt for a line without a ':' (the
// status line, the blank line that ends the head).
std::optional<std::pair<std::string, std::string>> header_field(std::string_view line);

// `base` plus the encoded query (with '?' or '&' as needed).
std::string with_query(std::string_view base, const Headers& fields);

}  // namespace roi::sdk::helpers

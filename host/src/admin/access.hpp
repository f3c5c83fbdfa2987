// Who may use /admin/* and /metrics. /admin/* needs "Authorization: Bearer <admin.token>" from
// every caller, loopback included: any local process or browser page can reach loopback. /metrics
// is read-only: loopback (as nginx saw the client) or the token.
#pragma once

#include <string>

#include "http/message.hpp"

namespace roi::admin {

bool is_loopback(std::string_view remote_addr);

// True when the request carries the configured token. Compares in constant time; an empty
// configured token never matches.
bool has_admin_token(const http::Request& request, const std::string& token);

bool metrics_allowed(const http::Request& request, const std::string& token);

}  // namespace roi::admin

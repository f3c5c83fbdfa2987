// Who may use /admin/*: requests nginx received on loopback, or any request carrying
// "Authorization: Bearer <admin.token>" when a token is configured.
#pragma once

#include <string>

#include "http/message.hpp"

namespace roi::admin {

bool is_loopback(std::string_view remote_addr);

// Compares the token in constant time; an empty configured token never matches.
bool admin_allowed(const http::Request& request, const std::string& token);

}  // namespace roi::admin

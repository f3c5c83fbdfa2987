// OAuth state values: 256 random bits (hex, URL-safe as is) and the SHA-256 under which a
// pending connect is stored, so the database never holds a usable state.
#pragma once

#include <string>
#include <string_view>

namespace roi::security {

std::string new_oauth_state();
std::string oauth_state_hash(std::string_view state);  // lower-case hex SHA-256

}  // namespace roi::security

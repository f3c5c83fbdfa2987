// Keys for one purpose each, derived from the host's signing secret with HMAC-SHA256, so the
// session secret itself signs nothing but sessions.
#pragma once

#include <string>
#include <string_view>

namespace roi::security {

// 32 raw bytes: HMAC-SHA256(secret, purpose).
std::string derive_key(const std::string& secret, std::string_view purpose);

}  // namespace roi::security

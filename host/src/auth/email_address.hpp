// Email addresses as accounts use them: trimmed, lower-cased and checked for a plausible shape
// (local@domain.tld, no spaces or control characters, within the RFC 5321 length limits).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roi::auth {

// The canonical form of `raw`, or nullopt when it is not an acceptable address.
std::optional<std::string> normalize_email(std::string_view raw);

}  // namespace roi::auth

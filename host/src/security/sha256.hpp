// Content fingerprints: the SHA-256 of a file's bytes as lower-case hex (migration checksums,
// plugin library versions, OAuth state hashes). Throws std::runtime_error if OpenSSL fails.
#pragma once

#include <string>
#include <string_view>

namespace roi::security {

std::string sha256_hex(std::string_view data);

}  // namespace roi::security

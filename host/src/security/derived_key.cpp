#include "security/derived_key.hpp"

#include <roi/sdk/helpers/hmac.hpp>

namespace roi::security {

std::string derive_key(const std::string& secret, std::string_view purpose) {
  return sdk::helpers::hmac_sha256(secret, purpose);
}

}  // namespace roi::security

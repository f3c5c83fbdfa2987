#include "security/sha256.hpp"

#include <openssl/evp.h>

#include <roi/sdk/helpers/encoding.hpp>
#include <stdexcept>

namespace roi::security {

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return sdk::helpers::to_hex({reinterpret_cast<const char*>(digest), length});
}

}  // namespace roi::security

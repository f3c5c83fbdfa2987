#include "security/derived_key.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace roi::security {

std::string derive_key(const std::string& secret, std::string_view purpose) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(), out.data(), &len);
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}

}  // namespace roi::security

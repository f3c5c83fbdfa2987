#include "security/oauth_state.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include <roi/sdk/helpers/hmac.hpp>

namespace roi::security {
namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  return sdk::helpers::to_hex({reinterpret_cast<const char*>(bytes), n});
}

}  // namespace

std::string new_oauth_state() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for a state");
  return hex(bytes, sizeof bytes);
}

std::string oauth_state_hash(std::string_view state) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(state.data(), state.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex(digest, len);
}

}  // namespace roi::security

#include "roi/sdk/helpers/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <optional>
#include <stdexcept>

#include "roi/sdk/helpers/encoding.hpp"

namespace roi::sdk::helpers {
namespace {

bool equal_macs(const std::string& expected, const std::optional<std::string>& given) {
  return given && given->size() == expected.size() &&
         CRYPTO_memcmp(expected.data(), given->data(), expected.size()) == 0;
}

}  // namespace

std::string sha256(std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(message.data(), message.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
      1) {
    throw std::runtime_error("EVP_Digest(SHA-256) failed");
  }
  return {reinterpret_cast<const char*>(digest.data()), length};
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(), &length);
  return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

bool verify_hmac_sha256_hex(std::string_view key, std::string_view message,
                            std::string_view signature) {
  return equal_macs(hmac_sha256(key, message), from_hex(signature));
}

bool verify_hmac_sha256_base64(std::string_view key, std::string_view message,
                               std::string_view signature) {
  // Compared as text: the expected value's encoding is canonical, so a non-canonical one fails.
  const std::string expected = to_base64(hmac_sha256(key, message));
  return equal_macs(expected, std::string(signature));
}

bool equal_secrets(std::string_view given, std::string_view expected) {
  return !expected.empty() && given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

}  // namespace roi::sdk::helpers

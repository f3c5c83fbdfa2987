// Platform access and refresh tokens sealed with AES-256-GCM (OpenSSL EVP) before they reach the
// database. A key ring lets keys rotate: the first key seals, every key in the ring opens.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace roi::security {

// What is stored: the key id beside the ciphertext. `bytes` is nonce (12) | ciphertext | tag (16).
struct SealedToken {
  std::string key_id;
  std::string bytes;
};

// A sealed token that does not open: unknown key, wrong context, or tampered bytes.
class TokenCipherError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TokenCipher {
 public:
  // `ring` is "id:base64key[,id:base64key...]" or one bare base64 key (its id is "k1"); every key
  // is 32 bytes. Throws std::invalid_argument whose message never quotes key material.
  static TokenCipher from_key_ring(std::string_view ring);
  // A fresh random key for this process only (demo mode): tokens sealed with it die with it.
  static TokenCipher random();

  ~TokenCipher();
  TokenCipher(TokenCipher&&) noexcept = default;
  TokenCipher& operator=(TokenCipher&&) noexcept = default;
  TokenCipher(const TokenCipher&) = delete;
  TokenCipher& operator=(const TokenCipher&) = delete;

  // `context` is authenticated, not stored: a token sealed for one integration and field does
  // not open as another's (a copied column is refused).
  SealedToken seal(std::string_view plaintext, std::string_view context) const;
  std::string open(const SealedToken& sealed, std::string_view context) const;

  const std::string& sealing_key_id() const { return keys_.front().id; }

 private:
  struct Key {
    std::string id;
    std::array<unsigned char, 32> bytes{};
  };
  explicit TokenCipher(std::vector<Key> keys) : keys_(std::move(keys)) {}

  std::vector<Key> keys_;
};

// The context (authenticated data) bound to an integration's sealed token: whose, which account,
// which field ("access", "refresh").
std::string token_context(std::int64_t user_id, std::string_view platform,
                          std::string_view account_id, std::string_view field);

}  // namespace roi::security

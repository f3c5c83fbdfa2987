#include "security/token_cipher.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <roi/sdk/helpers/encoding.hpp>

namespace roi::security {
namespace {

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() {
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::bad_alloc();
  return ctx;
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

int length(std::size_t n) {
  if (n > (1U << 30)) throw std::length_error("token too large to seal");
  return static_cast<int>(n);
}

bool valid_key_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Standard base64 of exactly 32 bytes (44 characters with one '=').
bool decode_key(std::string_view text, std::array<unsigned char, 32>& out) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  auto key = sdk::helpers::from_base64(text);
  if (!key) return false;
  const bool ok = key->size() == out.size();
  if (ok) std::copy(key->begin(), key->end(), out.begin());
  OPENSSL_cleanse(key->data(), key->size());
  return ok;
}

}  // namespace

TokenCipher TokenCipher::from_key_ring(std::string_view ring) {
  std::vector<Key> keys;
  while (!ring.empty()) {
    const auto comma = ring.find(',');
    std::string_view entry = ring.substr(0, comma);
    ring = comma == std::string_view::npos ? std::string_view{} : ring.substr(comma + 1);
    const auto colon = entry.find(':');
    Key key;
    key.id = colon == std::string_view::npos ? "k1" : std::string(entry.substr(0, colon));
    const auto material = colon == std::string_view::npos ? entry : entry.substr(colon + 1);
    if (!valid_key_id(key.id)) {
      throw std::invalid_argument("a key id must be 1-32 letters, digits, '-' or '_'");
    }
    if (!decode_key(material, key.bytes)) {
      throw std::invalid_argument("key '" + key.id +
                                  "' is not base64 of 32 bytes (e.g. `openssl rand -base64 32`)");
    }
    for (const auto& k : keys) {
      if (k.id == key.id) throw std::invalid_argument("key id '" + key.id + "' appears twice");
    }
    keys.push_back(std::move(key));
  }
  if (keys.empty()) throw std::invalid_argument("the key ring holds no key");
  return TokenCipher(std::move(keys));
}

TokenCipher TokenCipher::random() {
  Key key;
  key.id = "demo";
  if (RAND_bytes(key.bytes.data(), static_cast<int>(key.bytes.size())) != 1) {
    throw std::runtime_error("no randomness for a token key");
  }
  std::vector<Key> keys;
  keys.push_back(std::move(key));
  return TokenCipher(std::move(keys));
}

TokenCipher::~TokenCipher() {
  for (auto& key : keys_) OPENSSL_cleanse(key.bytes.data(), key.bytes.size());
}

SealedToken TokenCipher::seal(std::string_view plaintext, std::string_view context) const {
  const Key& key = keys_.front();
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  // Random 96-bit nonces: far below the 2^32 messages per key where collisions become a risk.
  if (RAND_bytes(nonce, kNonceBytes) != 1) throw std::runtime_error("no randomness for a nonce");
  auto ctx = new_context();
  int n = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.bytes.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(context), length(context.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nonce + kNonceBytes, &n, bytes(plaintext),
                        length(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), nonce + kNonceBytes + n, &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          nonce + kNonceBytes + plaintext.size()) != 1) {
    throw std::runtime_error("AES-256-GCM sealing failed");
  }
  return {key.id, std::move(out)};
}

std::string TokenCipher::open(const SealedToken& sealed, std::string_view context) const {
  const Key* key = nullptr;
  for (const auto& k : keys_) {
    if (k.id == sealed.key_id) key = &k;
  }
  if (!key) throw TokenCipherError("no key '" + sealed.key_id + "' in the ring");
  if (sealed.bytes.size() < kNonceBytes + kTagBytes)
    throw TokenCipherError("sealed token too short");
  const auto* in = bytes(sealed.bytes);
  const std::size_t size = sealed.bytes.size() - kNonceBytes - kTagBytes;
  std::string out(size, '\0');
  auto* plain = reinterpret_cast<unsigned char*>(out.data());
  std::array<unsigned char, kTagBytes> tag{};
  std::copy(in + kNonceBytes + size, in + sealed.bytes.size(), tag.begin());
  auto ctx = new_context();
  int n = 0;
  const bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key->bytes.data(), in) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(context), length(context.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), plain, &n, in + kNonceBytes, length(size)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), plain + n, &n) == 1;
  if (!ok) {
    OPENSSL_cleanse(out.data(), out.size());
    throw TokenCipherError("sealed token failed authentication");
  }
  return out;
}

std::string token_context(std::int64_t user_id, std::string_view platform,
                          std::string_view account_id, std::string_view field) {
  return "roi-token-v1\n" + std::to_string(user_id) + "\n" + std::string(platform) + "\n" +
         std::string(account_id) + "\n" + std::string(field);
}

}  // namespace roi::security

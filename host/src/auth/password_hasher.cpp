#include "auth/password_hasher.hpp"

#include <crypt.h>
#include <openssl/crypto.h>

#include <memory>
#include <stdexcept>

#include "text/utf8.hpp"

namespace roi::auth {
namespace {

// crypt_data is ~32 KB: on the heap, zeroed as libxcrypt asks before first use.
std::unique_ptr<crypt_data> fresh_crypt_data() { return std::make_unique<crypt_data>(); }

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

const char* password_problem(std::string_view password) {
  if (password.find('\0') != std::string_view::npos) return "must not contain NUL characters";
  if (!text::is_valid_utf8(password)) return "must be valid UTF-8";
  if (code_points(password) < kMinPasswordChars) return "must be at least 8 characters long";
  if (password.size() > kMaxPasswordBytes) return "must be at most 72 bytes long";
  return nullptr;
}

PasswordHasher::PasswordHasher(int cost) : cost_(cost) {
  if (cost < 4 || cost > 31) throw std::invalid_argument("bcrypt cost must be from 4 to 31");
  dummy_hash_ = hash("dummy password for unknown accounts");
}

std::string PasswordHasher::hash(std::string_view password) const {
  if (const char* problem = password_problem(password)) {
    throw std::invalid_argument(std::string("password ") + problem);
  }
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  // A null random buffer lets libxcrypt draw the salt from the kernel (getrandom).
  if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost_), nullptr, 0, setting,
                        sizeof setting)) {
    throw std::runtime_error("crypt_gensalt_rn failed for $2b$");
  }
  auto data = fresh_crypt_data();
  const std::string phrase(password);
  const char* out = crypt_rn(phrase.c_str(), setting, data.get(), sizeof *data);
  if (!out || out[0] == '*') throw std::runtime_error("crypt_rn failed for $2b$");
  std::string result(out);
  OPENSSL_cleanse(data.get(), sizeof *data);
  return result;
}

bool PasswordHasher::verify(std::string_view password, std::string_view stored_hash) const {
  // Never let bcrypt cut a password: one it cannot read whole is verified as a stand-in (same
  // time spent) and then refused.
  const bool hashable =
      password.size() <= kMaxPasswordBytes && password.find('\0') == std::string_view::npos;
  const std::string phrase(hashable ? password : std::string_view("unhashable password"));
  const std::string setting(stored_hash);
  auto data = fresh_crypt_data();
  const char* out = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof *data);
  bool match = out && out[0] != '*' && stored_hash.rfind("$2b$", 0) == 0 &&
               std::string_view(out).size() == stored_hash.size() &&
               CRYPTO_memcmp(out, stored_hash.data(), stored_hash.size()) == 0;
  OPENSSL_cleanse(data.get(), sizeof *data);
  return match && hashable;
}

bool PasswordHasher::verify_unknown_account(std::string_view password) const {
  verify(password, dummy_hash_);
  return false;
}

}  // namespace roi::auth

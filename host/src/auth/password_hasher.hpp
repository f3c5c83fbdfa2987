// Password hashing with libxcrypt's bcrypt ($2b$): hashes new passwords, verifies logins, and
// spends the same time on an unknown account as on a wrong password.
#pragma once

#include <string>
#include <string_view>

namespace roi::auth {

// bcrypt reads at most 72 bytes and stops at a NUL; longer passwords are refused, never cut.
inline constexpr std::size_t kMaxPasswordBytes = 72;
inline constexpr std::size_t kMinPasswordChars = 8;

// Why a password cannot be hashed as given, or nullptr when it can. The message is for the user.
const char* password_problem(std::string_view password);

class PasswordHasher {
 public:
  // `cost` is bcrypt's log2 work factor (4..31). Computes the dummy hash for unknown accounts.
  explicit PasswordHasher(int cost);

  // A "$2b$" hash with a fresh random salt. Throws std::invalid_argument when
  // password_problem() names one, std::runtime_error when libxcrypt fails.
  std::string hash(std::string_view password) const;

  // True when `password` matches `stored_hash`, compared in constant time. A password bcrypt
  // could not hash whole never matches.
  bool verify(std::string_view password, std::string_view stored_hash) const;

  // Spends one verification's worth of time and returns false: for accounts that do not exist.
  bool verify_unknown_account(std::string_view password) const;

  int cost() const { return cost_; }

 private:
  int cost_;
  std::string dummy_hash_;
};

}  // namespace roi::auth

// Accounts' and sessions' settings (auth.*) and their declarations: secrets, password hashing,
// session lifetime and purge, login and registration limits.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::auth {

struct AuthSettings {
  std::string jwt_secret;  // HS256 key, >= 32 bytes; empty only in demo mode. Never shown.
  bool demo_mode = false;  // a random per-run secret when jwt_secret is empty (make run)
  std::string token_encryption_key;  // key ring sealing platform tokens; empty only in demo mode
  int bcrypt_cost = 0;
  int token_lifetime_s = 0;
  // Login slow-down: failures an address, and an email from one address, make before each further
  // failure delays the next attempt (first delay, doubled per failure, capped); failures are
  // forgotten login_window_s after the last one.
  int login_free_failures_per_address = 0;
  int login_free_failures_per_account = 0;
  int login_first_delay_ms = 0;
  int login_max_delay_s = 0;
  int login_window_s = 0;
  int register_per_address = 0;  // registrations one address may make per register_window_s
  int register_per_window = 0;   // registrations from everyone per register_window_s
  int register_window_s = 0;
  int hash_concurrency = 0;  // password hashes at once in this process; 0: half the CPU cores
  int hash_wait_ms = 0;      // a login waits this long for a hashing slot, then 503 Retry-After
  int session_purge_interval_s = 0;  // how often expired session rows are deleted
};

std::vector<config::Key<AuthSettings>> auth_keys();

}  // namespace roi::auth

// Limits account creation, each of which costs a password hash and a row: so many registrations
// per client address, and so many from everyone, in a fixed window. The counts are shared by
// every host on the database (store/throttle_repository).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace roi::auth {

struct RegisterLimits {
  int per_address = 0;
  int per_window = 0;  // from every address together
  std::chrono::seconds window{0};
};

class RegisterThrottle {
 public:
  virtual ~RegisterThrottle() = default;

  // Counts the attempt and returns nullopt, or counts nothing and returns how long to wait
  // (whole seconds, at least 1) when the address or everyone used up the window.
  virtual std::optional<std::chrono::seconds> try_acquire(std::string_view address) = 0;
  // Gives back an attempt try_acquire counted that was never served (no hashing slot came free),
  // so a retry after "busy" does not use up the address's registrations.
  virtual void abandoned(std::string_view address) = 0;
};

}  // namespace roi::auth

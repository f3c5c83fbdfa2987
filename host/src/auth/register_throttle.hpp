// Limits account creation, each of which costs a password hash and a row: so many registrations
// per client address, and so many from everyone, in a fixed window.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "auth/forgetful_map.hpp"

namespace roi::auth {

struct RegisterLimits {
  int per_address = 0;
  int per_window = 0;  // from every address together
  std::chrono::seconds window{0};
  std::size_t max_tracked = 100000;
};

class RegisterThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RegisterThrottle(RegisterLimits limits);

  // Counts the attempt and returns nullopt, or counts nothing and returns how long to wait
  // (whole seconds, at least 1) when the address or everyone used up the window.
  std::optional<std::chrono::seconds> try_acquire(std::string_view address, Clock::time_point now);

 private:
  struct Window {
    Clock::time_point last;  // when the window started (the map forgets it when it ends)
    int count = 0;
  };

  std::chrono::seconds wait_for(const Window& w, Clock::time_point now) const;

  RegisterLimits limits_;
  std::mutex mutex_;
  ForgetfulMap<Window> by_address_;
  Window everyone_;
};

}  // namespace roi::auth

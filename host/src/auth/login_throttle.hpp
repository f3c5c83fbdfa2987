// Slows password guessing: counts login attempts per client address and per email in a fixed
// window and refuses further attempts until the window ends. Memory stays bounded under floods.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace roi::auth {

struct ThrottleLimits {
  int per_address = 0;            // attempts one client address may make per window
  int per_email = 0;              // attempts against one email per window
  std::chrono::seconds window{0};
  std::size_t max_tracked = 100000;  // keys remembered at most (oldest windows dropped first)
};

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginThrottle(ThrottleLimits limits);

  // Counts an attempt for both keys when neither is over its limit and returns nullopt;
  // otherwise counts nothing and returns how long the caller must wait (at least 1 s).
  // Attempts are counted before the password is checked, so parallel guesses count too.
  std::optional<std::chrono::seconds> try_acquire(std::string_view address, std::string_view email,
                                                  Clock::time_point now);

  // A successful login: the email's failures are forgotten and the address gets its attempt back.
  void succeeded(std::string_view address, std::string_view email);

 private:
  struct Window {
    Clock::time_point started;
    int attempts = 0;
  };
  using Windows = std::unordered_map<std::string, Window>;

  std::optional<std::chrono::seconds> wait_for(Windows& windows, const std::string& key, int limit,
                                               Clock::time_point now) const;
  void count(Windows& windows, const std::string& key, Clock::time_point now);
  void make_room(Windows& windows, Clock::time_point now);

  ThrottleLimits limits_;
  std::mutex mutex_;
  Windows by_address_;
  Windows by_email_;
};

}  // namespace roi::auth

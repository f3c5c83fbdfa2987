// Slows password guessing without locking anyone out: failures are counted per client address
// and per (email, address); past a free allowance each failure makes the next attempt from that
// key wait (a first delay, doubled per failure, capped). No key holds an email alone, so other
// people's failures never stop its owner signing in from an address that has not failed.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "auth/forgetful_map.hpp"

namespace roi::auth {

struct ThrottleLimits {
  int address_free_failures = 0;  // failures one address makes before it is slowed
  int account_free_failures = 0;  // failures against one email from one address, likewise
  std::chrono::milliseconds first_delay{0};
  std::chrono::milliseconds max_delay{0};
  std::chrono::seconds forget_after{0};  // failures are forgotten this long after the last one
  std::size_t max_tracked = 100000;      // keys remembered at most per kind
};

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginThrottle(ThrottleLimits limits);

  // nullopt when the attempt may go ahead: it is then counted as a failure of both keys until
  // succeeded() says otherwise, so parallel guesses are slowed too. Otherwise nothing is counted
  // and the answer is how long to wait (whole seconds, at least 1).
  std::optional<std::chrono::seconds> try_acquire(std::string_view address, std::string_view email,
                                                  Clock::time_point now);

  // The attempt was not made after all (no hashing slot): its counts are given back.
  void abandoned(std::string_view address, std::string_view email, Clock::time_point now);

  // The password was right: the (email, address) failures are forgotten and the address gets
  // its attempt back.
  void succeeded(std::string_view address, std::string_view email, Clock::time_point now);

 private:
  struct Failures {
    Clock::time_point last;
    int count = 0;
    Clock::time_point next_allowed;  // no attempt from this key before
  };

  Clock::duration delay_after(int failures, int free) const;
  void fail(Failures& f, int free, Clock::time_point now) const;
  void give_back(Failures& f, int free) const;

  ThrottleLimits limits_;
  std::mutex mutex_;
  ForgetfulMap<Failures> by_address_;
  ForgetfulMap<Failures> by_account_;  // key: address, NUL, email
};

}  // namespace roi::auth

// Slows password guessing without locking anyone out: failures are counted per client address
// and per (email, address); past a free allowance each failure makes the next attempt from that
// key wait (a first delay, doubled per failure, capped). No key holds an email alone, so other
// people's failures never stop its owner signing in from an address that has not failed. The
// counts are shared by every host on the database (store/throttle_repository), so hosts behind
// one upstream slow a guesser down as one.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace roi::auth {

struct ThrottleLimits {
  int address_free_failures = 0;  // failures one address makes before it is slowed
  int account_free_failures = 0;  // failures against one email from one address, likewise
  std::chrono::milliseconds first_delay{0};
  std::chrono::milliseconds max_delay{0};
  std::chrono::seconds forget_after{0};  // failures are forgotten this long after the last one
};

class LoginThrottle {
 public:
  virtual ~LoginThrottle() = default;

  // nullopt when the attempt may go ahead: it is then counted as a failure of both keys until
  // succeeded() says otherwise, so parallel guesses are slowed too. Otherwise nothing is counted
  // and the answer is how long to wait (whole seconds, at least 1).
  virtual std::optional<std::chrono::seconds> try_acquire(std::string_view address,
                                                          std::string_view email) = 0;
  // The attempt was not made after all (no hashing slot): its counts are given back.
  virtual void abandoned(std::string_view address, std::string_view email) = 0;
  // The password was right: the (email, address) failures are forgotten and the address gets
  // its attempt back.
  virtual void succeeded(std::string_view address, std::string_view email) = 0;
};

}  // namespace roi::auth

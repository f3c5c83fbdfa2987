#include "auth/login_throttle.hpp"

#include <algorithm>

namespace roi::auth {
namespace {

std::string account_key(std::string_view address, std::string_view email) {
  std::string key(address);
  key.push_back('\0');  // neither part can hold it
  key.append(email);
  return key;
}

}  // namespace

LoginThrottle::LoginThrottle(ThrottleLimits limits)
    : limits_(limits),
      by_address_(limits.forget_after, limits.max_tracked),
      by_account_(limits.forget_after, limits.max_tracked) {}

LoginThrottle::Clock::duration LoginThrottle::delay_after(int failures, int free) const {
  if (failures <= free) return Clock::duration::zero();
  // Doubling past 2^30 times the first delay is past any cap that fits the settings.
  const int doublings = std::min(failures - free - 1, 30);
  const auto delay = limits_.first_delay * (1LL << doublings);
  return std::min<Clock::duration>(delay, limits_.max_delay);
}

void LoginThrottle::fail(Failures& f, int free, Clock::time_point now) const {
  f.count = std::min(f.count + 1, 1 << 20);
  f.last = now;
  f.next_allowed = now + delay_after(f.count, free);
}

std::optional<std::chrono::seconds> LoginThrottle::try_acquire(std::string_view address,
                                                               std::string_view email,
                                                               Clock::time_point now) {
  const std::string address_key(address);
  const std::string pair_key = account_key(address, email);
  std::lock_guard lock(mutex_);
  Clock::time_point allowed = now;
  if (const Failures* f = by_address_.find(address_key, now))
    allowed = std::max(allowed, f->next_allowed);
  if (const Failures* f = by_account_.find(pair_key, now))
    allowed = std::max(allowed, f->next_allowed);
  if (allowed > now) {
    // Rounded up: a client that waits exactly Retry-After seconds may try again.
    return std::max(std::chrono::ceil<std::chrono::seconds>(allowed - now),
                    std::chrono::seconds(1));
  }
  fail(by_address_.get(address_key, now), limits_.address_free_failures, now);
  fail(by_account_.get(pair_key, now), limits_.account_free_failures, now);
  return std::nullopt;
}

void LoginThrottle::give_back(Failures& f, int free) const {
  f.count = std::max(0, f.count - 1);
  f.next_allowed = f.last + delay_after(f.count, free);
}

void LoginThrottle::abandoned(std::string_view address, std::string_view email,
                              Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (Failures* f = by_address_.find(std::string(address), now)) {
    give_back(*f, limits_.address_free_failures);
  }
  if (Failures* f = by_account_.find(account_key(address, email), now)) {
    give_back(*f, limits_.account_free_failures);
  }
}

void LoginThrottle::succeeded(std::string_view address, std::string_view email,
                              Clock::time_point now) {
  std::lock_guard lock(mutex_);
  by_account_.erase(account_key(address, email));
  if (Failures* f = by_address_.find(std::string(address), now)) {
    give_back(*f, limits_.address_free_failures);
  }
}

}  // namespace roi::auth

#include "auth/login_throttle.hpp"

#include <algorithm>

namespace roi::auth {

LoginThrottle::LoginThrottle(ThrottleLimits limits) : limits_(limits) {}

std::optional<std::chrono::seconds> LoginThrottle::wait_for(Windows& windows,
                                                            const std::string& key, int limit,
                                                            Clock::time_point now) const {
  auto it = windows.find(key);
  if (it == windows.end()) return std::nullopt;
  const auto ends = it->second.started + limits_.window;
  if (now >= ends) {
    windows.erase(it);
    return std::nullopt;
  }
  if (it->second.attempts < limit) return std::nullopt;
  // Rounded up: a client that waits exactly Retry-After seconds finds the window over.
  const auto left = std::chrono::ceil<std::chrono::seconds>(ends - now);
  return std::max(left, std::chrono::seconds(1));
}

void LoginThrottle::make_room(Windows& windows, Clock::time_point now) {
  if (windows.size() < limits_.max_tracked) return;
  std::erase_if(windows, [&](const auto& kv) { return now >= kv.second.started + limits_.window; });
  if (windows.size() < limits_.max_tracked) return;
  // Still full of live windows (a flood of distinct keys): the oldest one gives way.
  auto oldest = std::min_element(windows.begin(), windows.end(), [](const auto& a, const auto& b) {
    return a.second.started < b.second.started;
  });
  windows.erase(oldest);
}

void LoginThrottle::count(Windows& windows, const std::string& key, Clock::time_point now) {
  auto it = windows.find(key);
  if (it == windows.end()) {
    make_room(windows, now);
    it = windows.emplace(key, Window{now, 0}).first;
  }
  ++it->second.attempts;
}

std::optional<std::chrono::seconds> LoginThrottle::try_acquire(std::string_view address,
                                                               std::string_view email,
                                                               Clock::time_point now) {
  const std::string address_key(address);
  const std::string email_key(email);
  std::lock_guard lock(mutex_);
  const auto by_address = wait_for(by_address_, address_key, limits_.per_address, now);
  const auto by_email = wait_for(by_email_, email_key, limits_.per_email, now);
  if (by_address || by_email) {
    return std::max(by_address.value_or(std::chrono::seconds(0)),
                    by_email.value_or(std::chrono::seconds(0)));
  }
  count(by_address_, address_key, now);
  count(by_email_, email_key, now);
  return std::nullopt;
}

void LoginThrottle::succeeded(std::string_view address, std::string_view email) {
  std::lock_guard lock(mutex_);
  by_email_.erase(std::string(email));
  if (auto it = by_address_.find(std::string(address)); it != by_address_.end()) {
    it->second.attempts = std::max(0, it->second.attempts - 1);
  }
}

}  // namespace roi::auth

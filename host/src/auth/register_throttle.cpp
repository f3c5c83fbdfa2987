#include "auth/register_throttle.hpp"

#include <algorithm>

namespace roi::auth {

RegisterThrottle::RegisterThrottle(RegisterLimits limits)
    : limits_(limits), by_address_(limits.window, limits.max_tracked) {}

std::chrono::seconds RegisterThrottle::wait_for(const Window& w, Clock::time_point now) const {
  return std::max(std::chrono::ceil<std::chrono::seconds>(w.last + limits_.window - now),
                  std::chrono::seconds(1));
}

std::optional<std::chrono::seconds> RegisterThrottle::try_acquire(std::string_view address,
                                                                  Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (everyone_.count == 0 || now >= everyone_.last + limits_.window) everyone_ = Window{now, 0};
  // get() keeps `last` at the window's start: it is only set when the entry is made.
  Window& mine = by_address_.get(std::string(address), now);
  if (mine.count >= limits_.per_address) return wait_for(mine, now);
  if (everyone_.count >= limits_.per_window) return wait_for(everyone_, now);
  ++mine.count;
  ++everyone_.count;
  return std::nullopt;
}

}  // namespace roi::auth

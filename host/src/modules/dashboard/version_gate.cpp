#include "modules/dashboard/version_gate.hpp"

#include "api/error.hpp"

namespace roi::modules::dashboard {

std::int64_t VersionGate::current(std::int64_t user) {
  std::unique_lock lock(mutex_);
  pending_.insert(user);
  // The batch after the one that may be running: it has not begun, so it starts after now.
  const std::uint64_t needed = started_ + 1;
  while (done_ < needed) {
    if (in_flight_) {
      done_cv_.wait(lock);
      continue;
    }
    in_flight_ = true;
    const std::uint64_t batch = ++started_;
    std::vector<std::int64_t> users(pending_.begin(), pending_.end());
    pending_.clear();
    lock.unlock();
    std::vector<std::pair<std::int64_t, std::int64_t>> versions;
    try {
      versions = read_(users);
    } catch (...) {
      lock.lock();
      in_flight_ = false;
      done_ = batch;
      done_cv_.notify_all();
      throw;
    }
    lock.lock();
    // Users without a row (deleted meanwhile) read as version 0.
    for (auto u : users) known_[u] = Known{0, batch};
    for (const auto& [u, v] : versions) known_[u] = Known{v, batch};
    in_flight_ = false;
    done_ = batch;
    done_cv_.notify_all();
  }
  const auto it = known_.find(user);
  if (it == known_.end() || it->second.batch < needed) {
    throw api::Error(api::ErrorCode::InternalServerError, "Internal server error",
                     "data version read failed");
  }
  return it->second.version;
}

}  // namespace roi::modules::dashboard

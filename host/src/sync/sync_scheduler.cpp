#include "sync/sync_scheduler.hpp"

#include <algorithm>
#include <random>
#include <unordered_map>
#include <vector>

namespace roi::sync {

SyncScheduler::SyncScheduler(boost::asio::io_context& loop, JobStore& jobs,
                             SyncIntervals& intervals, std::chrono::seconds period,
                             observability::Logger& log)
    : jobs_(jobs),
      intervals_(intervals),
      log_(log),
      ticks_(
          loop, period, [this] { tick(); }, concurrency::Periodic::First::AtStart) {}

void SyncScheduler::tick() {
  thread_local std::mt19937 random{std::random_device{}()};
  try {
    int queued = 0;
    // The database only narrows to what the shortest interval makes due; each user's decides the
    // rest, looked up for every due user at once.
    const auto due = jobs_.due(intervals_.shortest());
    if (due.empty()) return;
    std::vector<std::int64_t> users;
    for (const auto& d : due) users.push_back(d.user_id);
    std::ranges::sort(users);
    users.erase(std::unique(users.begin(), users.end()), users.end());
    const auto interval_for = intervals_.of_users(users);
    for (const auto& d : due) {
      const auto interval = interval_for.at(d.user_id);
      if (d.since_last_sync && *d.since_last_sync < interval) continue;
      const auto spread = std::chrono::duration_cast<std::chrono::seconds>(interval) / 10;
      const auto delay = d.since_last_sync
                             ? std::chrono::seconds(std::uniform_int_distribution<long long>(
                                   0, std::max<long long>(spread.count(), 0))(random))
                             : std::chrono::seconds(0);
      jobs_.queue_scheduled(d.integration_id, delay);
      ++queued;
    }
    if (queued > 0) log_.info("syncs_scheduled").num("queued", queued);
  } catch (const std::exception& e) {
    // The database may be away for a while: the next tick tries again.
    log_.warn("sync_schedule_failed").str("detail", e.what());
  }
}

}  // namespace roi::sync

#include "sync/sync_scheduler.hpp"

#include <algorithm>
#include <random>
#include <unordered_map>

#include "modules/billing/plans.hpp"

namespace roi::sync {

SyncScheduler::SyncScheduler(boost::asio::io_context& loop, store::SyncJobRepository& jobs,
                             modules::billing::PlanLimits& limits,
                             std::chrono::hours default_interval, std::chrono::seconds period,
                             observability::Logger& log)
    : jobs_(jobs),
      limits_(limits),
      default_interval_(default_interval),
      log_(log),
      ticks_(
          loop, period, [this] { tick(); }, concurrency::Periodic::First::AtStart) {}

void SyncScheduler::tick() {
  using modules::billing::Plan;
  thread_local std::mt19937 random{std::random_device{}()};
  const auto interval_of = [this](Plan plan) {
    return modules::billing::limits_of(plan).sync_interval.value_or(default_interval_);
  };
  // The database only narrows to what the shortest interval makes due; each plan decides the rest.
  auto shortest = default_interval_;
  for (Plan p : {Plan::Free, Plan::Starter, Plan::Pro, Plan::Agency}) {
    shortest = std::min(shortest, interval_of(p));
  }
  try {
    int queued = 0;
    std::unordered_map<std::int64_t, std::chrono::minutes> interval_for;  // one look-up per user
    for (const auto& d : jobs_.due(shortest)) {
      auto [known, fresh] = interval_for.try_emplace(d.user_id);
      if (fresh) known->second = interval_of(limits_.plan_of(d.user_id));
      const auto interval = known->second;
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

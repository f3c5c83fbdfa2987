#include "sync/sync_scheduler.hpp"

#include <algorithm>
#include <random>
#include <unordered_map>

#include <boost/asio/post.hpp>

#include "modules/billing/plans.hpp"

namespace roi::sync {

SyncScheduler::SyncScheduler(store::SyncJobRepository& jobs, modules::billing::PlanLimits& limits,
                             std::chrono::hours interval, std::chrono::seconds period,
                             observability::Logger& log)
    : jobs_(jobs), limits_(limits), interval_(interval), tick_(period), log_(log), timer_(io_) {
  boost::asio::post(io_, [this] { tick(); });
  thread_ = std::thread([this] { io_.run(); });
}

SyncScheduler::~SyncScheduler() {
  boost::asio::post(io_, [this] { timer_.cancel(); });
  io_.stop();
  thread_.join();
}

void SyncScheduler::arm() {
  timer_.expires_after(tick_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

void SyncScheduler::tick() {
  thread_local std::mt19937 random{std::random_device{}()};
  const auto spread = std::chrono::duration_cast<std::chrono::seconds>(interval_) / 10;
  try {
    int queued = 0;
    std::unordered_map<std::int64_t, std::chrono::minutes> plan_minimum_of;  // one look-up per user
    for (const auto& d : jobs_.due(interval_)) {
      auto [known, fresh] = plan_minimum_of.try_emplace(d.user_id);
      if (fresh) known->second = modules::billing::limits_of(limits_.plan_of(d.user_id)).min_sync_interval;
      const auto plan_minimum = known->second;
      const auto interval = std::max(interval_, plan_minimum);
      if (d.since_last_sync && *d.since_last_sync < interval) continue;
      const auto delay = std::chrono::seconds(
          std::uniform_int_distribution<long long>(0, std::max<long long>(spread.count(), 0))(random));
      jobs_.queue_scheduled(d.integration_id, delay);
      ++queued;
    }
    if (queued > 0) log_.info("syncs_scheduled").num("queued", queued);
  } catch (const std::exception& e) {
    // The database may be away for a while: the next tick tries again.
    log_.warn("sync_schedule_failed").str("detail", e.what());
  }
  arm();
}

}  // namespace roi::sync

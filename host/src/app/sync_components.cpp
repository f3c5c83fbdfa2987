#include "app/sync_components.hpp"

#include <algorithm>

#include "modules/billing/plans.hpp"

namespace roi::app {

std::chrono::minutes PlanSyncIntervals::of(modules::billing::Plan plan) const {
  return modules::billing::limits_of(plan).sync_interval.value_or(fallback_);
}

std::chrono::minutes PlanSyncIntervals::shortest() {
  using modules::billing::Plan;
  auto out = fallback_;
  for (Plan p : {Plan::Free, Plan::Starter, Plan::Pro, Plan::Agency}) out = std::min(out, of(p));
  return out;
}

std::unordered_map<std::int64_t, std::chrono::minutes> PlanSyncIntervals::of_users(
    const std::vector<std::int64_t>& user_ids) {
  std::unordered_map<std::int64_t, std::chrono::minutes> out;
  for (const auto& [user, plan] : limits_.plans_of(user_ids)) out.emplace(user, of(plan));
  return out;
}

SyncComponents::SyncComponents(const Settings& settings, store::Pool& pool,
                               store::ChangeFeed& changes, store::OwnerLock& owner,
                               store::SyncJobRepository& jobs, plugins::PluginHost& plugins,
                               const security::TokenCipher& cipher,
                               modules::billing::PlanLimits& limits, boost::asio::io_context& loop,
                               observability::Logger& log)
    : owner_(owner),
      records_(pool, changes),
      intervals_(limits, std::chrono::hours(settings.sync.interval_hours)),
      reclaimer_(loop, jobs, owner_, std::chrono::milliseconds(settings.sync.reclaim_ms), log),
      runner_(jobs, records_, plugins, cipher, settings.sync, owner_.id(), log),
      workers_(std::make_unique<sync::SyncWorkers>(
          runner_, settings.sync.workers, std::chrono::milliseconds(settings.sync.poll_ms), log)),
      log_(log),
      workers_count_(settings.sync.workers),
      interval_hours_(settings.sync.interval_hours) {
  if (settings.sync.schedule_tick_s > 0) {
    scheduler_ = std::make_unique<sync::SyncScheduler>(
        loop, jobs, intervals_, std::chrono::seconds(settings.sync.schedule_tick_s), log);
  }
}

void SyncComponents::start() {
  reclaimer_.start();
  workers_->start();
  if (scheduler_) scheduler_->start();
  log_.info("sync_started")
      .num("workers", workers_count_)
      .num("interval_hours", interval_hours_)
      .num("owner", owner_.id());
}

void SyncComponents::stop() {
  if (scheduler_) scheduler_->stop();
  workers_->stop();
  reclaimer_.stop();
}

}  // namespace roi::app

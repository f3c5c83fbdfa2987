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

SyncComponents::SyncComponents(const config::Settings& settings, store::Pool& pool,
                               store::ChangeFeed& changes, store::SyncJobRepository& jobs,
                               plugins::PluginHost& plugins, const security::TokenCipher& cipher,
                               modules::billing::PlanLimits& limits, observability::Logger& log)
    : owner_(settings.database, log),
      records_(pool, changes),
      intervals_(limits, std::chrono::hours(settings.sync.interval_hours)),
      reclaimer_(jobs, owner_, std::chrono::milliseconds(settings.sync.reclaim_ms), log),
      runner_(jobs, records_, plugins, cipher, settings.sync, owner_.id(), log),
      workers_(std::make_unique<sync::SyncWorkers>(
          runner_, settings.sync.workers, std::chrono::milliseconds(settings.sync.poll_ms), log)) {
  if (settings.sync.schedule_tick_s > 0) {
    scheduler_ = std::make_unique<sync::SyncScheduler>(
        jobs, intervals_, std::chrono::seconds(settings.sync.schedule_tick_s), log);
  }
  log.info("sync_started")
      .num("workers", settings.sync.workers)
      .num("interval_hours", settings.sync.interval_hours)
      .num("owner", owner_.id());
}

}  // namespace roi::app

#include "app/sync_components.hpp"

namespace roi::app {

SyncComponents::SyncComponents(const config::Settings& settings, store::Pool& pool,
                               store::ChangeFeed& changes, store::SyncJobRepository& jobs,
                               plugins::PluginHost& plugins, const security::TokenCipher& cipher,
                               modules::billing::PlanLimits& limits, observability::Logger& log)
    : owner_(settings.database, log),
      reclaimer_(jobs, owner_, std::chrono::milliseconds(settings.sync.reclaim_ms), log),
      runner_(jobs, pool, changes, plugins, cipher, settings.sync, owner_.id(), log),
      workers_(std::make_unique<sync::SyncWorkers>(
          runner_, settings.sync.workers, std::chrono::milliseconds(settings.sync.poll_ms), log)) {
  if (settings.sync.schedule_tick_s > 0) {
    scheduler_ = std::make_unique<sync::SyncScheduler>(
        jobs, limits, std::chrono::hours(settings.sync.interval_hours),
        std::chrono::seconds(settings.sync.schedule_tick_s), log);
  }
  log.info("sync_started")
      .num("workers", settings.sync.workers)
      .num("interval_hours", settings.sync.interval_hours)
      .num("owner", owner_.id());
}

}  // namespace roi::app

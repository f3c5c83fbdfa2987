// The sync engine built from settings: this process's owner lock, the look for jobs of dead
// hosts, the runner, its worker threads and the scheduler. The application starts it after the
// plugins and stops it before the plugins, the pool and the token cipher go.
#pragma once

#include <memory>

#include "app/settings.hpp"
#include "modules/billing/plan_limits.hpp"
#include "observability/log.hpp"
#include "plugins/plugin_host.hpp"
#include "security/token_cipher.hpp"
#include "store/owner_lock.hpp"
#include "store/pool.hpp"
#include "store/sync_job_repository.hpp"
#include "store/sync_writer.hpp"
#include "sync/orphan_reclaimer.hpp"
#include "sync/sync_runner.hpp"
#include "sync/sync_scheduler.hpp"
#include "sync/sync_workers.hpp"

namespace roi::app {

// The plans' sync intervals (`fallback` for a plan that names none), for the scheduler.
class PlanSyncIntervals final : public sync::SyncIntervals {
 public:
  PlanSyncIntervals(modules::billing::PlanLimits& limits, std::chrono::minutes fallback)
      : limits_(limits), fallback_(fallback) {}

  std::chrono::minutes shortest() override;
  std::unordered_map<std::int64_t, std::chrono::minutes> of_users(
      const std::vector<std::int64_t>& user_ids) override;

 private:
  std::chrono::minutes of(modules::billing::Plan plan) const;

  modules::billing::PlanLimits& limits_;
  std::chrono::minutes fallback_;
};

class SyncComponents {
 public:
  // Everything passed in must outlive this. `owner` is this process's owner lock, which the
  // reclaimer keeps held.
  SyncComponents(const Settings& settings, store::Pool& pool, store::ChangeFeed& changes,
                 store::OwnerLock& owner, store::SyncJobRepository& jobs,
                 plugins::PluginHost& plugins, const security::TokenCipher& cipher,
                 modules::billing::PlanLimits& limits, boost::asio::io_context& loop,
                 observability::Logger& log);

  // The reclaimer's first look, the workers, the scheduler's first tick.
  void start();
  // Running syncs stop at their next page and go back to the queue; returns at once.
  void request_stop() { workers_->request_stop(); }
  // The scheduler, then the workers (waiting for them), then the reclaimer.
  void stop();

  const sync::OrphanReclaimer& reclaimer() const { return reclaimer_; }

 private:
  store::OwnerLock& owner_;
  store::SyncWriters records_;
  PlanSyncIntervals intervals_;
  sync::OrphanReclaimer reclaimer_;
  sync::SyncRunner runner_;
  std::unique_ptr<sync::SyncWorkers> workers_;
  std::unique_ptr<sync::SyncScheduler> scheduler_;
  observability::Logger& log_;
  int workers_count_;
  int interval_hours_;
};

}  // namespace roi::app

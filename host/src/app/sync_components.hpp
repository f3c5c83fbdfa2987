// The sync engine built from settings: this process's owner lock, the look for jobs of dead
// hosts, the runner and its worker threads. Destroying it stops the workers, so the application
// keeps it until after the server stops and before the pool, the plugins and the token cipher go.
#pragma once

#include <memory>

#include "config/settings.hpp"
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
  std::chrono::minutes of_user(std::int64_t user_id) override {
    return of(limits_.plan_of(user_id));
  }

 private:
  std::chrono::minutes of(modules::billing::Plan plan) const;

  modules::billing::PlanLimits& limits_;
  std::chrono::minutes fallback_;
};

class SyncComponents {
 public:
  // Everything passed in must outlive this.
  SyncComponents(const config::Settings& settings, store::Pool& pool, store::ChangeFeed& changes,
                 store::SyncJobRepository& jobs, plugins::PluginHost& plugins,
                 const security::TokenCipher& cipher, modules::billing::PlanLimits& limits,
                 observability::Logger& log);

  // Running syncs stop at their next page and go back to the queue; returns at once.
  void stop() { workers_->stop(); }

  const sync::OrphanReclaimer& reclaimer() const { return reclaimer_; }

 private:
  // Taken before anything is claimed, let go (by the connection closing) after the workers end.
  store::OwnerLock owner_;
  store::SyncWriters records_;
  PlanSyncIntervals intervals_;
  sync::OrphanReclaimer reclaimer_;
  sync::SyncRunner runner_;
  std::unique_ptr<sync::SyncWorkers> workers_;
  std::unique_ptr<sync::SyncScheduler> scheduler_;  // declared last: stopped first
};

}  // namespace roi::app

// Queues a scheduled sync of every active integration once per its owner's plan's sync interval
// (the configured one for a plan that names none), on a Boost.Asio timer. Start times are spread
// over a tenth of the interval so that integrations connected together do not sync together; an
// integration never synced starts at once. Ticks run on the host's event loop.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "concurrency/periodic.hpp"
#include "modules/billing/plan_limits.hpp"
#include "observability/log.hpp"
#include "store/sync_job_repository.hpp"

namespace roi::sync {

class SyncScheduler {
 public:
  // Everything passed in must outlive this.
  SyncScheduler(boost::asio::io_context& loop, store::SyncJobRepository& jobs,
                modules::billing::PlanLimits& limits, std::chrono::hours default_interval,
                std::chrono::seconds period, observability::Logger& log);

  // The first tick at once, then every `period`.
  void start() { ticks_.start(); }
  // Lets a running tick finish.
  void stop() { ticks_.stop(); }

 private:
  void tick();

  store::SyncJobRepository& jobs_;
  modules::billing::PlanLimits& limits_;
  std::chrono::minutes default_interval_;
  observability::Logger& log_;
  concurrency::Periodic ticks_;  // last: stopped before the rest goes
};

}  // namespace roi::sync

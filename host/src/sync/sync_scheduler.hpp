// Queues a scheduled sync of every active integration once per its owner's sync interval (what
// their plan allows), on a Boost.Asio timer. Start times are spread
// over a tenth of the interval so that integrations connected together do not sync together; an
// integration never synced starts at once. Ticks run on the host's event loop.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "concurrency/periodic.hpp"
#include "observability/log.hpp"
#include "sync/ports.hpp"

namespace roi::sync {

class SyncScheduler {
 public:
  // Everything passed in must outlive this.
  SyncScheduler(boost::asio::io_context& loop, JobStore& jobs, SyncIntervals& intervals,
                std::chrono::seconds period, observability::Logger& log);

  // The first tick at once, then every `period`.
  void start() { ticks_.start(); }
  // Lets a running tick finish.
  void stop() { ticks_.stop(); }

 private:
  void tick();

  JobStore& jobs_;
  SyncIntervals& intervals_;
  observability::Logger& log_;
  concurrency::Periodic ticks_;  // last: stopped before the rest goes
};

}  // namespace roi::sync

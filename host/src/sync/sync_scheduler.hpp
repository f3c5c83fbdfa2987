// Queues a scheduled sync of every active integration once per its owner's sync interval (what
// their plan allows), on a Boost.Asio timer. Start times are spread
// over a tenth of the interval so that integrations connected together do not sync together; an
// integration never synced starts at once.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <thread>

#include "observability/log.hpp"
#include "sync/ports.hpp"

namespace roi::sync {

class SyncScheduler {
 public:
  // Starts ticking at once; everything passed in must outlive this.
  SyncScheduler(JobStore& jobs, SyncIntervals& intervals, std::chrono::seconds period,
                observability::Logger& log);
  ~SyncScheduler();  // stops the timer and joins its thread
  SyncScheduler(const SyncScheduler&) = delete;
  SyncScheduler& operator=(const SyncScheduler&) = delete;

 private:
  void arm();
  void tick();

  JobStore& jobs_;
  SyncIntervals& intervals_;
  std::chrono::seconds tick_;
  observability::Logger& log_;
  boost::asio::io_context io_;
  boost::asio::steady_timer timer_;
  std::thread thread_;
};

}  // namespace roi::sync

// Gives the running jobs of host processes that died back to the queue at once, instead of when
// their leases run out: at start, then every `sync.reclaim_ms`, it keeps this process's owner
// lock held and queues again every running job whose owner's lock it can take
// (JobStore::reclaim_orphans).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>

#include "concurrency/periodic.hpp"
#include "observability/log.hpp"
#include "sync/ports.hpp"

namespace roi::sync {

class OrphanReclaimer {
 public:
  // Looks on the host's event loop; everything passed in must outlive this.
  OrphanReclaimer(boost::asio::io_context& loop, JobStore& jobs, OwnerLease& lock,
                  std::chrono::milliseconds period, observability::Logger& log);

  // The first look at once, then every `period`.
  void start() { passes_timer_.start(); }
  // Lets a running look finish.
  void stop() { passes_timer_.stop(); }

  // Looks done and jobs queued again (or failed) since start, for /metrics.
  std::uint64_t passes() const { return passes_.load(std::memory_order_relaxed); }
  std::uint64_t reclaimed() const { return reclaimed_.load(std::memory_order_relaxed); }

 private:
  void pass();

  JobStore& jobs_;
  OwnerLease& lock_;
  observability::Logger& log_;
  std::atomic<std::uint64_t> passes_{0};
  std::atomic<std::uint64_t> reclaimed_{0};
  concurrency::Periodic passes_timer_;  // last: stopped before the rest goes
};

}  // namespace roi::sync

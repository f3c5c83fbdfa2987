// Gives the running jobs of host processes that died back to the queue at once, instead of when
// their leases run out: at start, then every `sync.reclaim_ms`, it keeps this process's owner
// lock held and queues again every running job whose owner's lock it can take
// (JobStore::reclaim_orphans).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "observability/log.hpp"
#include "sync/ports.hpp"

namespace roi::sync {

class OrphanReclaimer {
 public:
  // Starts at once with a first look; everything passed in must outlive this.
  OrphanReclaimer(JobStore& jobs, OwnerLease& lock, std::chrono::milliseconds period,
                  observability::Logger& log);
  ~OrphanReclaimer();  // stops and joins its thread
  OrphanReclaimer(const OrphanReclaimer&) = delete;
  OrphanReclaimer& operator=(const OrphanReclaimer&) = delete;

  // Looks done and jobs queued again (or failed) since start, for /metrics.
  std::uint64_t passes() const { return passes_.load(std::memory_order_relaxed); }
  std::uint64_t reclaimed() const { return reclaimed_.load(std::memory_order_relaxed); }

 private:
  void run(const std::stop_token& stop);
  void pass();

  JobStore& jobs_;
  OwnerLease& lock_;
  std::chrono::milliseconds period_;
  observability::Logger& log_;
  std::atomic<std::uint64_t> passes_{0};
  std::atomic<std::uint64_t> reclaimed_{0};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: started once everything above is ready
};

}  // namespace roi::sync

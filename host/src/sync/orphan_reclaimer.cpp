#include "sync/orphan_reclaimer.hpp"

namespace roi::sync {

OrphanReclaimer::OrphanReclaimer(JobStore& jobs, OwnerLease& lock, std::chrono::milliseconds period,
                                 observability::Logger& log)
    : jobs_(jobs),
      lock_(lock),
      period_(period),
      log_(log),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

OrphanReclaimer::~OrphanReclaimer() {
  thread_.request_stop();
  thread_.join();
}

void OrphanReclaimer::run(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    pass();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, period_, [] { return false; });
  }
}

void OrphanReclaimer::pass() {
  try {
    lock_.keep();
    for (const auto& orphan : jobs_.reclaim_orphans(lock_.id())) {
      reclaimed_.fetch_add(1, std::memory_order_relaxed);
      log_.warn("sync_reclaimed")
          .num("job", orphan.job_id)
          .num("integration", orphan.integration_id)
          .num("dead_owner", orphan.owner)
          .str("now", orphan.failed ? "failed: that was its last attempt" : "queued");
    }
  } catch (const std::exception& e) {
    log_.warn("sync_reclaim_failed").str("detail", e.what());
  }
  passes_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace roi::sync

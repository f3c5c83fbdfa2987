#include "sync/orphan_reclaimer.hpp"

namespace roi::sync {

OrphanReclaimer::OrphanReclaimer(boost::asio::io_context& loop, JobStore& jobs, OwnerLease& lock,
                                 std::chrono::milliseconds period, observability::Logger& log)
    : jobs_(jobs),
      lock_(lock),
      log_(log),
      passes_timer_(
          loop, period, [this] { pass(); }, concurrency::Periodic::First::AtStart) {}

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

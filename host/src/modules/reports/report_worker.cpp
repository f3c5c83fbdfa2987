#include "modules/reports/report_worker.hpp"

#include <exception>

namespace roi::modules::reports {

void ReportWorker::start() {
  const int requeued = services_.reports.requeue_running();
  if (requeued > 0) services_.log.info("reports_requeued").num("count", requeued);
  for (int i = 0; i < threads_; ++i) pool_.emplace_back([this] { loop(); });
}

void ReportWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : pool_) {
    if (t.joinable()) t.join();
  }
  pool_.clear();
}

void ReportWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakes_;
  }
  cv_.notify_all();
}

void ReportWorker::loop() {
  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      seen = wakes_;
    }
    bool worked = false;
    try {
      if (auto report = services_.reports.claim_next()) {
        worked = true;
        try {
          run_report(services_, *report);
          services_.log.info("report_ready").num("report", report->id);
        } catch (const std::exception& e) {
          services_.log.error("report_failed").num("report", report->id).str("detail", e.what());
          services_.reports.fail(report->id);
        }
      }
    } catch (const std::exception& e) {
      // The database is unreachable or similar: wait for the next poll rather than spin.
      services_.log.error("report_worker_error").str("detail", e.what());
    }
    if (worked) continue;
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, poll_, [this, seen] { return stopping_ || wakes_ != seen; });
  }
}

}  // namespace roi::modules::reports

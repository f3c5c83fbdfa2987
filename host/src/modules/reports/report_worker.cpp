#include "modules/reports/report_worker.hpp"

#include <pthread.h>
#include <unistd.h>

#include <exception>

namespace roi::modules::reports {
namespace {

// Unique among the report threads of every host process on the database (the owner number is
// unique among live processes): the claim holder's name, also part of a file name.
std::string worker_name(std::int32_t owner, int index) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::string name = std::string(host) + "-" + std::to_string(getpid()) + "-report-" +
                     std::to_string(owner) + "-" + std::to_string(index);
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  return name;
}

}  // namespace

void ReportWorker::start() {
  for (int i = 0; i < threads_; ++i) {
    pool_.emplace_back([this, name = worker_name(owner_, i)] {
      pthread_setname_np(pthread_self(), "roi-report");
      loop(name);
    });
  }
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

void ReportWorker::loop(const std::string& worker) {
  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      seen = wakes_;
    }
    bool worked = false;
    try {
      if (auto report = services_.reports.claim_next(worker, owner_, services_.lease)) {
        worked = true;
        try {
          run_report(services_, *report, worker);
          services_.log.info("report_ready").num("report", report->id).str("worker", worker);
        } catch (const ClaimLost&) {
          services_.log.warn("report_claim_lost").num("report", report->id).str("worker", worker);
        } catch (const std::exception& e) {
          services_.log.error("report_failed").num("report", report->id).str("detail", e.what());
          services_.reports.fail(report->id, worker);
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

// The background worker for report jobs: one thread that claims queued reports from storage
// and runs them. Small and on its own so it can move onto the shared job queue later.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "modules/reports/report_job.hpp"

namespace roi::modules::reports {

class ReportWorker {
 public:
  ReportWorker(JobServices services, std::chrono::milliseconds poll)
      : services_(std::move(services)), poll_(poll) {}
  ~ReportWorker() { stop(); }
  ReportWorker(const ReportWorker&) = delete;
  ReportWorker& operator=(const ReportWorker&) = delete;

  // Puts reports a stopped host left running back in the queue, then starts the thread.
  void start();
  // Lets the current report finish, then joins.
  void stop();
  // A report was queued: look now rather than at the next poll.
  void wake();

 private:
  void loop();

  JobServices services_;
  std::chrono::milliseconds poll_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace roi::modules::reports

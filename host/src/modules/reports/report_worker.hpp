// The background workers for report jobs: a small pool of threads, each claiming queued reports
// from storage and running them, so one slow report (a slow AI service) holds up only its own
// thread. Small and on its own so it can move onto the shared job queue later.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "modules/reports/report_job.hpp"

namespace roi::modules::reports {

class ReportWorker {
 public:
  ReportWorker(JobServices services, std::chrono::milliseconds poll, int threads)
      : services_(std::move(services)), poll_(poll), threads_(threads) {}
  ~ReportWorker() { stop(); }
  ReportWorker(const ReportWorker&) = delete;
  ReportWorker& operator=(const ReportWorker&) = delete;

  // Puts reports a stopped host left running back in the queue, then starts the threads.
  void start();
  // Lets the current reports finish, then joins.
  void stop();
  // A report was queued: look now rather than at the next poll.
  void wake();

 private:
  void loop();

  JobServices services_;
  std::chrono::milliseconds poll_;
  int threads_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t wakes_ = 0;  // counts wake(): a thread that saw a change looks again at once
  std::vector<std::thread> pool_;
};

}  // namespace roi::modules::reports

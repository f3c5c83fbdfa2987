// The background workers for report jobs: a small pool of threads, each claiming reports from
// storage (shared with every other host: a claim names its worker and host process and holds a
// lease) and running them, so one slow report (a slow AI service) holds up only its own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "modules/reports/report_job.hpp"

namespace roi::modules::reports {

class ReportWorker {
 public:
  // `owner`: this host process's OwnerLock number, recorded with each claim so that other hosts
  // can tell when it died.
  ReportWorker(JobServices services, std::int32_t owner, std::chrono::milliseconds poll,
               int threads)
      : services_(std::move(services)), owner_(owner), poll_(poll), threads_(threads) {}
  ~ReportWorker() { stop(); }
  ReportWorker(const ReportWorker&) = delete;
  ReportWorker& operator=(const ReportWorker&) = delete;

  // Starts the threads (named roi-report).
  void start();
  // Lets the current reports finish, then joins.
  void stop();
  // A report was queued: look now rather than at the next poll.
  void wake();

 private:
  void loop(const std::string& worker);

  JobServices services_;
  std::int32_t owner_;
  std::chrono::milliseconds poll_;
  int threads_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t wakes_ = 0;  // counts wake(): a thread that saw a change looks again at once
  std::vector<std::thread> pool_;
};

}  // namespace roi::modules::reports

// The threads that run sync jobs: each claims the next due job, runs it, and polls again when the
// queue is empty. Stopping cancels the syncs in progress at their next page; their jobs go back
// to the queue with their checkpoints and are resumed here or on another host.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "observability/log.hpp"
#include "sync/sync_runner.hpp"

namespace roi::sync {

class SyncWorkers {
 public:
  // `runner` must outlive this.
  SyncWorkers(SyncRunner& runner, int count, std::chrono::milliseconds poll,
              observability::Logger& log);
  ~SyncWorkers() { stop(); }
  SyncWorkers(const SyncWorkers&) = delete;
  SyncWorkers& operator=(const SyncWorkers&) = delete;

  // Starts the `count` threads, named roi-sync.
  void start();
  // Asks every thread to stop and returns at once: idle ones stop polling, running syncs stop at
  // their connector's next page.
  void request_stop() { stop_.request_stop(); }
  // Asks, then waits for every thread.
  void stop();

 private:
  void loop(const std::string& name);

  SyncRunner& runner_;
  int count_;
  std::chrono::milliseconds poll_;
  observability::Logger& log_;
  std::stop_source stop_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::vector<std::thread> threads_;
};

}  // namespace roi::sync

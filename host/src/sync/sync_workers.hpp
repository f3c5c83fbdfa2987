// The threads that run sync jobs: each claims the next due job, runs it, and polls again when the
// queue is empty. Stopping waits for the attempts in progress; their jobs stay leased and are
// claimed again (from their last checkpoint) once the lease lapses, here or on another host.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "observability/log.hpp"
#include "sync/sync_runner.hpp"

namespace roi::sync {

class SyncWorkers {
 public:
  // Starts `count` threads at once; `runner` must outlive this.
  SyncWorkers(SyncRunner& runner, int count, std::chrono::milliseconds poll,
              observability::Logger& log);
  ~SyncWorkers();
  SyncWorkers(const SyncWorkers&) = delete;
  SyncWorkers& operator=(const SyncWorkers&) = delete;

 private:
  void loop(const std::string& name);

  SyncRunner& runner_;
  std::chrono::milliseconds poll_;
  observability::Logger& log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace roi::sync

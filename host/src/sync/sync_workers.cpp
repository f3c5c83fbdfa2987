#include "sync/sync_workers.hpp"

#include <pthread.h>
#include <unistd.h>

namespace roi::sync {
namespace {

// Unique across the host processes sharing the database: the lease holder's name.
std::string worker_name(int index) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(index);
}

}  // namespace

SyncWorkers::SyncWorkers(SyncRunner& runner, int count, std::chrono::milliseconds poll,
                         observability::Logger& log)
    : runner_(runner), count_(count), poll_(poll), log_(log) {}

void SyncWorkers::start() {
  for (int i = 0; i < count_; ++i) {
    threads_.emplace_back([this, i] {
      pthread_setname_np(pthread_self(), "roi-sync");
      loop(worker_name(i));
    });
  }
}

void SyncWorkers::stop() {
  request_stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void SyncWorkers::loop(const std::string& name) {
  const std::stop_token stop = stop_.get_token();
  while (!stop.stop_requested()) {
    bool ran = false;
    try {
      ran = runner_.run_next(name, stop);
    } catch (const std::exception& e) {
      // The database is away: wait a poll and try again rather than end the thread.
      log_.warn("sync_worker_error").str("worker", name).str("detail", e.what());
    }
    if (ran) continue;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, poll_, [] { return false; });
  }
}

}  // namespace roi::sync

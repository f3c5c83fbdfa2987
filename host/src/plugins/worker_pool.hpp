// The workers of one connector version: at most max_workers processes on the version's library,
// each serving one call at a time. A call leases an idle worker, starts one when there is room,
// or waits up to its deadline; dead workers are replaced with backoff.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <roi/sdk/connector.hpp>
#include <string>
#include <vector>

#include "observability/metrics.hpp"
#include "plugins/call_error.hpp"
#include "plugins/worker_output.hpp"
#include "plugins/worker_process.hpp"

namespace roi::plugins {

// What all versions' pools share.
struct WorkerEnvironment {
  std::shared_ptr<WorkerSpawner> spawner;
  int max_workers = 1;                       // per version, exactly
  std::chrono::milliseconds load_timeout;    // a new worker's load, create and describe
  observability::Counter* starts = nullptr;  // may be null
  observability::Counter* deaths = nullptr;  // may be null
};

// A call's failure before or outside the connector's own answer; ConnectorClient reports it.
class CallFailure : public std::runtime_error {
 public:
  CallFailure(CallError::Kind kind, const std::string& detail)
      : std::runtime_error(detail), kind_(kind) {}
  CallError::Kind kind() const { return kind_; }

 private:
  CallError::Kind kind_;
};

class WorkerPool {
 public:
  // `library` is the sealed memfd every worker of this version loads, from the plugins folder's
  // `file` (which names the workers' output in the log until the connector is known).
  WorkerPool(std::shared_ptr<const WorkerEnvironment> env, UniqueFd library, std::string file);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // A new worker, loaded and described. Throws Refusal (the worker is gone then).
  struct Started {
    std::unique_ptr<WorkerProcess> worker;
    sdk::Description description;
  };
  Started start(Deadline deadline);
  // Takes the worker that described the version at load as the first idle one; `id` is the
  // connector id every later worker must describe.
  void adopt(std::unique_ptr<WorkerProcess> worker, std::string id);

  // One worker for one call. Dropped without give_back() or end(), the worker is killed.
  class Lease {
   public:
    Lease(WorkerPool& pool, std::unique_ptr<WorkerProcess> worker)
        : pool_(&pool), worker_(std::move(worker)) {}
    Lease(Lease&&) = default;
    ~Lease();
    WorkerProcess& worker() { return *worker_; }
    // The call ended in a clean answer: the worker takes the next call.
    void give_back();
    // Kills and reaps the worker; returns how it ended (see WorkerProcess::end).
    std::string end(bool closed);

   private:
    WorkerPool* pool_;
    std::unique_ptr<WorkerProcess> worker_;
  };
  // Throws CallFailure: Overloaded when no worker frees up or may start before `deadline`,
  // Crashed when a new worker fails to start.
  Lease acquire(Deadline deadline);

  int workers() const;           // alive or starting
  std::uint64_t deaths() const;  // workers lost to crashes, hangs and bad messages

 private:
  void returned(std::unique_ptr<WorkerProcess> worker);
  void died();

  std::shared_ptr<const WorkerEnvironment> env_;
  UniqueFd library_;
  std::shared_ptr<OutputSource> source_;
  std::string id_;

  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<WorkerProcess>> idle_;
  int live_ = 0;
  std::uint64_t deaths_ = 0;
  int failures_in_a_row_ = 0;
  Deadline restart_at_{};
};

}  // namespace roi::plugins

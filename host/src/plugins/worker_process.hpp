// One roi-connector-worker as the host sees it: its pid and socket, deadline-bounded sends and
// receives of frames, and an end that always kills and reaps it. WorkerSpawner starts them, with
// their stdout and stderr on a pipe to WorkerOutput (plugins/worker_output.hpp).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <roi/wire/frame.hpp>
#include <string>
#include <thread>

namespace roi::plugins {

using Deadline = std::chrono::steady_clock::time_point;

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

class WorkerOutput;
class OutputSource;

class WorkerProcess {
 public:
  // `output` reads what it prints (the watch `output_id`), told when it is reaped.
  WorkerProcess(pid_t pid, UniqueFd socket, std::shared_ptr<WorkerOutput> output,
                std::uint64_t output_id);
  ~WorkerProcess();  // kills and reaps it unless end() did
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  enum class Event { Frame, TimedOut, Woken, Closed };
  struct Received {
    Event event;
    std::optional<wire::Frame> frame;
  };
  // Sends all of `bytes`; false when the deadline passed or the worker closed its end first.
  bool send(const std::string& bytes, Deadline deadline);
  // The next frame, or why there is none: the deadline passed, `wake_fd` (if >= 0) became
  // readable, or the worker closed its socket. Throws wire::Malformed on bytes that are no frame.
  Received receive(Deadline deadline, int wake_fd = -1);
  // True when the worker sent nothing unasked and still holds its end (checked without waiting).
  bool quiet() const;
  // Kills and reaps the process; one that `closed` its socket gets a moment to exit by itself
  // first. Returns how it ended, for messages: "crashed (signal 11)", "exited (status 3)".
  std::string end(bool closed);

  // Workers alive in this process right now.
  static int running();

 private:
  std::string reap(bool closed);

  pid_t pid_;
  UniqueFd socket_;
  std::shared_ptr<WorkerOutput> output_;
  std::uint64_t output_id_;
  wire::FrameBuffer buffer_;
  bool reaped_ = false;
};

// What every worker is started with.
struct WorkerLaunch {
  std::string path;                             // the roi-connector-worker executable
  long memory_mb = 0;                           // its address space limit (RLIMIT_AS)
  std::optional<std::pair<uid_t, gid_t>> user;  // dropped to before the library is mapped
};

// Starts workers from one long-lived thread: a worker's PR_SET_PDEATHSIG follows the thread that
// started it, and request threads come and go. Workers die with this thread (so with the host).
class WorkerSpawner {
 public:
  // What the workers print goes to `output`.
  WorkerSpawner(WorkerLaunch launch, std::shared_ptr<WorkerOutput> output);
  ~WorkerSpawner();
  WorkerSpawner(const WorkerSpawner&) = delete;
  WorkerSpawner& operator=(const WorkerSpawner&) = delete;

  // A new worker on the library in `library_fd`, its output logged as `source`'s. Throws
  // std::runtime_error when it cannot start.
  std::unique_ptr<WorkerProcess> spawn(int library_fd, std::shared_ptr<const OutputSource> source);

 private:
  void loop();

  WorkerLaunch launch_;
  std::shared_ptr<WorkerOutput> output_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest exists
};

}  // namespace roi::plugins

// What connector workers print (stdout and stderr: one pipe per worker) as lines of the host's
// log. One thread reads every worker's pipe and logs each line as `connector_output`, cut to a
// length and limited in rate per worker, so that a connector printing in a loop can neither fill
// the disk nor hold up the host; what is left out is counted and the count logged.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "plugins/worker_process.hpp"

namespace roi::plugins {

struct OutputLimits {
  std::size_t line_bytes = 2048;  // a longer line is cut here (its log line says how much went)
  int lines_per_s = 5;            // lines logged per worker and second once its burst is spent
  int burst = 200;                // lines a quiet worker may log at once (a sanitizer's report)
};

// Which connector a worker serves: the library's file from the start, the connector's id once
// the version's first worker described it. Shared by a version's pool and its workers' output.
class OutputSource {
 public:
  explicit OutputSource(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }
  void identify(std::string connector);
  std::string connector() const;  // empty until identified

 private:
  const std::string file_;
  mutable std::mutex mutex_;
  std::string connector_;
};

class WorkerOutput {
 public:
  // `dropped` (may be null) counts the lines left out.
  WorkerOutput(observability::Logger& log, OutputLimits limits, observability::Counter* dropped);
  // Stops the thread: the pipes of workers finished() before are read first, others closed unread.
  ~WorkerOutput();
  WorkerOutput(const WorkerOutput&) = delete;
  WorkerOutput& operator=(const WorkerOutput&) = delete;

  // Reads `pipe` (the read end of worker `pid`'s stdout and stderr) until its end or until
  // finished() with the returned id.
  std::uint64_t watch(UniqueFd pipe, pid_t pid, std::shared_ptr<const OutputSource> source);
  // The worker is reaped: what it wrote is read and logged, then the pipe is closed, even when
  // another process (a child the connector started) still holds its other end.
  void finished(std::uint64_t id);

 private:
  struct Stream;
  using Clock = std::chrono::steady_clock;

  void loop();
  void wake();
  // Reads what is there, at most `budget` bytes; false at the end of the pipe.
  bool read_from(Stream& s, std::size_t budget);
  void take(Stream& s, std::string_view bytes);
  void emit(Stream& s);
  void close(Stream& s);
  void refill(Stream& s, Clock::time_point now);
  void report_dropped(Stream& s);
  int poll_timeout_ms();

  observability::Logger& log_;
  const OutputLimits limits_;
  observability::Counter* dropped_;
  UniqueFd wake_;  // an eventfd

  std::mutex mutex_;  // guards what other threads hand over: added_, finished_, stopping_
  std::vector<std::unique_ptr<Stream>> added_;
  std::vector<std::uint64_t> finished_;
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;

  std::vector<std::unique_ptr<Stream>> streams_;  // the reader thread's own
  std::thread thread_;                            // last: started once the rest exists
};

}  // namespace roi::plugins

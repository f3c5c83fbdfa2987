#include "plugins/worker_output.hpp"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace roi::plugins {
namespace {

constexpr std::size_t kChunk = 64u << 10;
// Read from one pipe per wake-up before the others get their turn.
constexpr std::size_t kTurn = 4 * kChunk;
// Read at most this from a reaped worker's pipe: what it wrote fits in the pipe's buffer (64 KiB
// unless raised), and a child of the connector that still writes must not keep the reader.
constexpr std::size_t kLastWords = 1u << 20;

UniqueFd make_eventfd() {
  UniqueFd fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (fd.get() < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
  return fd;
}

}  // namespace

void OutputSource::identify(std::string connector) {
  std::lock_guard lock(mutex_);
  connector_ = std::move(connector);
}

std::string OutputSource::connector() const {
  std::lock_guard lock(mutex_);
  return connector_;
}

struct WorkerOutput::Stream {
  Stream(std::uint64_t id_, UniqueFd fd_, pid_t pid_, std::shared_ptr<const OutputSource> source_,
         int burst)
      : id(id_), fd(std::move(fd_)), pid(pid_), source(std::move(source_)), tokens(burst) {}

  const std::uint64_t id;
  UniqueFd fd;
  const pid_t pid;
  const std::shared_ptr<const OutputSource> source;
  std::string line;     // the current line, at most line_bytes
  std::size_t cut = 0;  // bytes of the current line beyond line_bytes
  double tokens;        // lines it may log now
  Clock::time_point refilled = Clock::now();
  std::uint64_t dropped_lines = 0;
  std::uint64_t dropped_bytes = 0;
};

WorkerOutput::WorkerOutput(observability::Logger& log, OutputLimits limits,
                           observability::Counter* dropped)
    : log_(log), limits_(limits), dropped_(dropped), wake_(make_eventfd()), thread_([this] {
        pthread_setname_np(pthread_self(), "roi-worker-out");
        // Below the threads that serve requests: a connector printing in a loop gets what is
        // left of the CPU for its output, not the host's share.
        ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
        loop();
      }) {}

WorkerOutput::~WorkerOutput() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake();
  thread_.join();
}

std::uint64_t WorkerOutput::watch(UniqueFd pipe, pid_t pid,
                                  std::shared_ptr<const OutputSource> source) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    added_.push_back(
        std::make_unique<Stream>(id, std::move(pipe), pid, std::move(source), limits_.burst));
  }
  wake();
  return id;
}

void WorkerOutput::finished(std::uint64_t id) {
  {
    std::lock_guard lock(mutex_);
    finished_.push_back(id);
  }
  wake();
}

void WorkerOutput::wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_.get(), &one, sizeof one);
}

void WorkerOutput::loop() {
  std::vector<pollfd> fds;
  for (;;) {
    std::vector<std::uint64_t> finished;
    bool stopping = false;
    {
      std::lock_guard lock(mutex_);
      stopping = stopping_;
      for (auto& s : added_) streams_.push_back(std::move(s));
      added_.clear();
      finished.swap(finished_);
    }
    // A reaped worker wrote all it will: read it to the end of what is there, then close.
    std::erase_if(streams_, [&](const std::unique_ptr<Stream>& s) {
      if (std::find(finished.begin(), finished.end(), s->id) == finished.end()) return false;
      read_from(*s, kLastWords);
      close(*s);
      return true;
    });
    if (stopping) return;

    fds.assign(1, pollfd{wake_.get(), POLLIN, 0});
    for (const auto& s : streams_) fds.push_back(pollfd{s->fd.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), poll_timeout_ms()) < 0) {
      if (errno == EINTR) continue;
      // Out of kernel memory, say: the pipes wait (their workers' writes with them), not spin.
      log_.error("connector_output_failed").str("detail", std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    if (fds[0].revents & POLLIN) {
      std::uint64_t count = 0;
      [[maybe_unused]] const auto n = ::read(wake_.get(), &count, sizeof count);
    }
    // fds[i + 1] is streams_[i]: nothing changed streams_ since fds was built.
    for (std::size_t i = 0; i < streams_.size(); ++i) {
      Stream& s = *streams_[i];
      if ((fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) && !read_from(s, kTurn)) close(s);
    }
    std::erase_if(streams_, [](const std::unique_ptr<Stream>& s) { return s->fd.get() < 0; });
    // Say what was left out once the worker may log again, whether or not it prints more.
    const auto now = Clock::now();
    for (auto& s : streams_) {
      if (s->dropped_lines == 0) continue;
      refill(*s, now);
      if (s->tokens >= 1) report_dropped(*s);
    }
  }
}

int WorkerOutput::poll_timeout_ms() {
  int timeout = -1;
  for (const auto& s : streams_) {
    if (s->dropped_lines == 0) continue;
    const double wait_s = std::max(0.0, 1.0 - s->tokens) / limits_.lines_per_s;
    const int ms = static_cast<int>(std::ceil(wait_s * 1000)) + 1;
    timeout = timeout < 0 ? ms : std::min(timeout, ms);
  }
  return timeout;
}

bool WorkerOutput::read_from(Stream& s, std::size_t budget) {
  char buffer[kChunk];
  for (std::size_t read = 0; read < budget;) {
    const ssize_t n = ::read(s.fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      take(s, std::string_view(buffer, static_cast<std::size_t>(n)));
      read += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  return true;
}

void WorkerOutput::take(Stream& s, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto end = bytes.find('\n');
    const std::string_view part = bytes.substr(0, end);
    const std::size_t room = limits_.line_bytes - s.line.size();
    s.line.append(part.substr(0, room));
    s.cut += part.size() - std::min(room, part.size());
    if (end == std::string_view::npos) return;
    emit(s);
    bytes.remove_prefix(end + 1);
  }
}

void WorkerOutput::emit(Stream& s) {
  refill(s, Clock::now());
  if (s.tokens < 1) {
    ++s.dropped_lines;
    s.dropped_bytes += s.line.size() + s.cut + 1;
  } else {
    if (s.dropped_lines > 0) report_dropped(s);
    s.tokens -= 1;
    // The logger makes the bytes valid UTF-8 and replaces control characters; a byte may take
    // three there (U+FFFD), so it is given room for that.
    auto line = log_.warn("connector_output");
    line.str("connector", s.source->connector())
        .str("file", s.source->file())
        .num("pid", s.pid)
        .str("line", s.line, 3 * limits_.line_bytes);
    if (s.cut > 0) line.num("cut_bytes", static_cast<std::int64_t>(s.cut));
  }
  s.line.clear();
  s.cut = 0;
}

void WorkerOutput::close(Stream& s) {
  if (!s.line.empty() || s.cut > 0) emit(s);  // a last line without its newline
  if (s.dropped_lines > 0) report_dropped(s);
  s.fd = UniqueFd();
}

void WorkerOutput::refill(Stream& s, Clock::time_point now) {
  const double elapsed = std::chrono::duration<double>(now - s.refilled).count();
  s.tokens = std::min<double>(limits_.burst, s.tokens + elapsed * limits_.lines_per_s);
  s.refilled = now;
}

void WorkerOutput::report_dropped(Stream& s) {
  if (dropped_) dropped_->inc(s.dropped_lines);
  log_.warn("connector_output_dropped")
      .str("connector", s.source->connector())
      .str("file", s.source->file())
      .num("pid", s.pid)
      .num("lines", static_cast<std::int64_t>(s.dropped_lines))
      .num("bytes", static_cast<std::int64_t>(s.dropped_bytes));
  s.dropped_lines = 0;
  s.dropped_bytes = 0;
}

}  // namespace roi::plugins

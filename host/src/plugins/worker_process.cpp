#include "plugins/worker_process.hpp"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <future>
#include <stdexcept>
#include <vector>

#include "plugins/worker_output.hpp"

namespace roi::plugins {
namespace {

std::atomic<int> g_running{0};

int millis_until(Deadline deadline) {
  const auto left =
      std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<long long>(left.count(), 0, 60'000));
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) return "crashed (signal " + std::to_string(WTERMSIG(status)) + ")";
  if (WIFEXITED(status)) return "exited (status " + std::to_string(WEXITSTATUS(status)) + ")";
  return "ended";
}

// A copy of `fd` at 5 or above, so the child's dup2 onto 3 and 4 never overwrites a source.
UniqueFd above_child_fds(int fd) {
  UniqueFd copy(::fcntl(fd, F_DUPFD_CLOEXEC, wire::kLibraryFd + 1));
  if (copy.get() < 0) throw std::runtime_error(std::string("fcntl: ") + std::strerror(errno));
  return copy;
}

}  // namespace

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

WorkerProcess::WorkerProcess(pid_t pid, UniqueFd socket, std::shared_ptr<WorkerOutput> output,
                             std::uint64_t output_id)
    : pid_(pid), socket_(std::move(socket)), output_(std::move(output)), output_id_(output_id) {
  ++g_running;
}

WorkerProcess::~WorkerProcess() { end(false); }

int WorkerProcess::running() { return g_running.load(); }

bool WorkerProcess::send(const std::string& bytes, Deadline deadline) {
  for (std::size_t at = 0; at < bytes.size();) {
    const ssize_t n = ::send(socket_.get(), bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
    if (n > 0) {
      at += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;  // EPIPE: it is gone
    pollfd p{socket_.get(), POLLOUT, 0};
    const int timeout = millis_until(deadline);
    if (timeout == 0) return false;
    if (::poll(&p, 1, timeout) < 0 && errno != EINTR) return false;
  }
  return true;
}

WorkerProcess::Received WorkerProcess::receive(Deadline deadline, int wake_fd) {
  constexpr std::size_t kChunk = 256u << 10;
  for (;;) {
    if (auto frame = buffer_.next()) return {Event::Frame, std::move(frame)};
    const ssize_t n = ::recv(socket_.get(), buffer_.prepare(kChunk), kChunk, MSG_DONTWAIT);
    if (n > 0) {
      buffer_.commit(static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return {Event::Closed, std::nullopt};
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return {Event::Closed, std::nullopt};
    pollfd p[2] = {{socket_.get(), POLLIN, 0}, {wake_fd, POLLIN, 0}};
    const int timeout = millis_until(deadline);
    if (timeout == 0) return {Event::TimedOut, std::nullopt};
    const int ready = ::poll(p, wake_fd >= 0 ? 2 : 1, timeout);
    if (ready < 0 && errno != EINTR) return {Event::Closed, std::nullopt};
    if (ready > 0 && wake_fd >= 0 && (p[1].revents & POLLIN)) return {Event::Woken, std::nullopt};
  }
}

bool WorkerProcess::quiet() const {
  if (reaped_ || !buffer_.empty()) return false;
  pollfd p{socket_.get(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;
}

std::string WorkerProcess::end(bool closed) {
  if (reaped_) return "ended";
  reaped_ = true;
  --g_running;
  socket_ = UniqueFd();
  const std::string how = reap(closed);
  output_->finished(output_id_);  // all it wrote is in its pipe now
  return how;
}

std::string WorkerProcess::reap(bool closed) {
  int status = 0;
  // A worker whose socket closed is exiting (the kernel closes descriptors before the exit is
  // seen): give it a moment to be reaped with its own status. Any other is killed at once.
  for (int waited_ms = 0; closed && waited_ms < 50; ++waited_ms) {
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) return describe_status(status);
    if (done < 0) return "ended";
    ::usleep(1000);
  }
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  return describe_status(status);
}

WorkerSpawner::WorkerSpawner(WorkerLaunch launch, std::shared_ptr<WorkerOutput> output)
    : launch_(std::move(launch)), output_(std::move(output)), thread_([this] {
        pthread_setname_np(pthread_self(), "roi-spawner");
        loop();
      }) {}

WorkerSpawner::~WorkerSpawner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void WorkerSpawner::loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

std::unique_ptr<WorkerProcess> WorkerSpawner::spawn(int library_fd,
                                                    std::shared_ptr<const OutputSource> source) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  }
  UniqueFd host_end(pair[0]);
  UniqueFd worker_end = above_child_fds(UniqueFd(pair[1]).get());
  // The worker's stdout and stderr. It writes as any program does (blocking): the reader never
  // stops reading (what is over its limits is read and counted, not left in the pipe), so a
  // write waits for the reader at most, never for a call, and a call's deadline bounds it.
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  }
  UniqueFd output(out[0]);
  UniqueFd output_end = above_child_fds(UniqueFd(out[1]).get());
  UniqueFd library = above_child_fds(library_fd);
  if (::fcntl(host_end.get(), F_SETFL, O_NONBLOCK) != 0 ||
      ::fcntl(output.get(), F_SETFL, O_NONBLOCK) != 0) {
    throw std::runtime_error(std::string("fcntl: ") + std::strerror(errno));
  }
  const std::string parent = std::to_string(::getpid());
  const std::string memory = std::to_string(launch_.memory_mb);
  std::vector<std::string> args = {launch_.path, "--parent", parent, "--memory-mb", memory};
  if (launch_.user) {
    args.insert(args.end(), {"--uid", std::to_string(launch_.user->first), "--gid",
                             std::to_string(launch_.user->second)});
  }

  std::promise<pid_t> started;
  auto task = [&] {
    posix_spawn_file_actions_t files;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&files);
    posix_spawnattr_init(&attr);
    // Only the socket, the library and the output pipe cross over; everything else the host
    // holds stays behind, its log included: the host logs what the worker prints.
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&files, output_end.get(), 1);
    posix_spawn_file_actions_adddup2(&files, output_end.get(), 2);
    posix_spawn_file_actions_adddup2(&files, worker_end.get(), wire::kSocketFd);
    posix_spawn_file_actions_adddup2(&files, library.get(), wire::kLibraryFd);
    posix_spawn_file_actions_addclosefrom_np(&files, wire::kLibraryFd + 1);
    // The host blocks and ignores signals of its own; the worker starts with the defaults, in a
    // process group of its own so a terminal's Ctrl-C reaches the host only.
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(
        &attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    char* no_environment[] = {nullptr};  // no secret of the host's reaches connector code
    pid_t pid = -1;
    const int rc =
        ::posix_spawn(&pid, launch_.path.c_str(), &files, &attr, argv.data(), no_environment);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&files);
    started.set_value(rc == 0 ? pid : -rc);
  };
  auto result = started.get_future();
  {
    std::lock_guard lock(mutex_);
    tasks_.emplace_back(task);
  }
  cv_.notify_one();
  const pid_t pid = result.get();
  if (pid < 0) {
    throw std::runtime_error("cannot start " + launch_.path + ": " + std::strerror(-pid));
  }
  output_end = UniqueFd();  // the worker's copies are the only ones: its exit ends the pipe
  const std::uint64_t output_id = output_->watch(std::move(output), pid, std::move(source));
  return std::make_unique<WorkerProcess>(pid, std::move(host_end), output_, output_id);
}

}  // namespace roi::plugins

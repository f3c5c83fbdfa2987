#include "plugins/directory_watcher.hpp"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <stdexcept>

namespace roi::plugins {

DirectoryWatcher::DirectoryWatcher(const std::filesystem::path& dir, Callback callback)
    : callback_(std::move(callback)) {
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  stop_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  // Written in place (close after write) or renamed in; removed or renamed away.
  const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR;
  if (inotify_fd_ < 0 || stop_fd_ < 0 || inotify_add_watch(inotify_fd_, dir.c_str(), mask) < 0) {
    const std::string why = std::strerror(errno);
    if (inotify_fd_ >= 0) ::close(inotify_fd_);
    if (stop_fd_ >= 0) ::close(stop_fd_);
    throw std::runtime_error("cannot watch plugins folder '" + dir.string() + "': " + why);
  }
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "roi-watcher");
    run();
  });
}

DirectoryWatcher::~DirectoryWatcher() {
  const std::uint64_t one = 1;
  if (::write(stop_fd_, &one, sizeof one) < 0) {
    // The eventfd cannot be full after one write; nothing else can fail here.
  }
  thread_.join();
  ::close(inotify_fd_);
  ::close(stop_fd_);
}

bool DirectoryWatcher::is_library_name(const std::string& name) {
  return name.size() > 3 && name[0] != '.' && name.compare(name.size() - 3, 3, ".so") == 0;
}

void DirectoryWatcher::run() {
  alignas(inotify_event) std::array<char, 64 * 1024> buffer{};
  std::array<pollfd, 2> fds{{{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}}};
  while (true) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    const ssize_t n = ::read(inotify_fd_, buffer.data(), buffer.size());
    if (n <= 0) continue;
    for (ssize_t offset = 0; offset < n;) {
      inotify_event event;
      std::memcpy(&event, buffer.data() + offset, sizeof event);
      const std::string name =
          event.len ? std::string(buffer.data() + offset + sizeof(inotify_event)) : std::string{};
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event.len);
      if (event.mask & IN_Q_OVERFLOW) {
        callback_(Change::Rescan, {});
      } else if (is_library_name(name)) {
        const bool gone = event.mask & (IN_DELETE | IN_MOVED_FROM);
        callback_(gone ? Change::Removed : Change::Written, name);
      }
    }
  }
}

}  // namespace roi::plugins

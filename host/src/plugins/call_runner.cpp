#include "plugins/call_runner.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace roi::plugins {

bool run_with_deadline(std::function<void()> work, std::chrono::milliseconds timeout) {
  struct Done {
    std::mutex mutex;
    std::condition_variable cv;
    bool finished = false;
  };
  auto done = std::make_shared<Done>();
  std::thread([done, work = std::move(work)]() mutable {
    work();
    // Drop what the work captured (a connector version, perhaps the last reference to an old
    // library) before the caller hears it finished, so unloading is done when the call returns.
    work = nullptr;
    std::lock_guard lock(done->mutex);
    done->finished = true;
    done->cv.notify_one();
  }).detach();
  std::unique_lock lock(done->mutex);
  return done->cv.wait_for(lock, timeout, [&] { return done->finished; });
}

}  // namespace roi::plugins

#include "concurrency/event_loop.hpp"

#include <pthread.h>

namespace roi::concurrency {

void EventLoop::start() {
  work_.emplace(io_.get_executor());
  for (int i = 0; i < threads_; ++i) {
    running_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "roi-loop");
      io_.run();
    });
  }
}

void EventLoop::stop() {
  if (running_.empty()) return;
  work_.reset();
  io_.stop();
  for (auto& t : running_) t.join();
  running_.clear();
}

}  // namespace roi::concurrency

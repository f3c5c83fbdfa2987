// The one Boost.Asio event loop of the host: periodic and background work that only waits
// between short tasks (session purge, orphan reclaim, sync schedule) runs on its few threads,
// named roi-loop, instead of each owning a thread of its own.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>
#include <vector>

namespace roi::concurrency {

class EventLoop {
 public:
  explicit EventLoop(int threads) : threads_(threads) {}
  ~EventLoop() { stop(); }
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  boost::asio::io_context& context() { return io_; }

  void start();
  // Joins the threads; what is still queued is dropped (everything on the loop stops first).
  void stop();

 private:
  int threads_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> running_;
};

}  // namespace roi::concurrency

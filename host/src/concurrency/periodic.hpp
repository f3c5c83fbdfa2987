// A task run on the event loop every `interval` until stopped: housekeeping that must not wait
// for a request to come along. Runs never overlap; the task's exceptions are its own to handle.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <functional>
#include <memory>

namespace roi::concurrency {

class Periodic {
 public:
  enum class First { AfterInterval, AtStart };

  Periodic(boost::asio::io_context& io, std::chrono::milliseconds interval,
           std::function<void()> task, First first = First::AfterInterval);
  ~Periodic() { stop(); }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  void start();
  // Lets a running task finish; no run begins after it returns. The loop must still run.
  void stop();

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the timer's pending handler
  First first_;
  bool started_ = false;
};

}  // namespace roi::concurrency

#include "concurrency/periodic.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <future>

namespace roi::concurrency {

// Runs and the stop are serialised on one strand, so stop() waits for a task that is running.
struct Periodic::State : std::enable_shared_from_this<State> {
  State(boost::asio::io_context& io, std::chrono::milliseconds every, std::function<void()> work)
      : strand(boost::asio::make_strand(io)),
        timer(strand),
        interval(every),
        task(std::move(work)) {}

  void run() {
    if (stopped) return;
    task();
    arm();
  }

  void arm() {
    timer.expires_after(interval);
    timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->run();
    });
  }

  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  boost::asio::steady_timer timer;
  std::chrono::milliseconds interval;
  std::function<void()> task;
  bool stopped = false;
};

Periodic::Periodic(boost::asio::io_context& io, std::chrono::milliseconds interval,
                   std::function<void()> task, First first)
    : state_(std::make_shared<State>(io, interval, std::move(task))), first_(first) {}

void Periodic::start() {
  started_ = true;
  boost::asio::post(state_->strand, [s = state_, first = first_] {
    if (first == First::AtStart) {
      s->run();
    } else {
      s->arm();
    }
  });
}

void Periodic::stop() {
  if (!started_) return;
  started_ = false;
  std::promise<void> done;
  boost::asio::post(state_->strand, [s = state_, &done] {
    s->stopped = true;
    s->timer.cancel();
    done.set_value();
  });
  done.get_future().wait();
}

}  // namespace roi::concurrency

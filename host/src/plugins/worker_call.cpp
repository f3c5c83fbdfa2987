#include "plugins/worker_call.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <optional>

namespace roi::plugins {
namespace {

// How long a call may go on after a stop request (the host is shutting down) before it is cut.
constexpr auto kStopGrace = std::chrono::seconds(2);

struct Waker {
  int fd;
  void operator()() const noexcept {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(fd, &one, sizeof one);
  }
};

void forward_records(const std::string& payload, sdk::RecordSink& sink) {
  wire::Reader r(payload);
  while (!r.done()) {
    wire::RecordKind kind;
    wire::decode(r, kind);
    switch (kind) {
      case wire::RecordKind::Campaign: {
        sdk::Campaign c;
        wire::decode(r, c);
        sink.campaign(c);
        break;
      }
      case wire::RecordKind::DailyMetric: {
        sdk::DailyMetric m;
        wire::decode(r, m);
        sink.daily_metric(m);
        break;
      }
      case wire::RecordKind::Order: {
        sdk::Order o;
        wire::decode(r, o);
        sink.order(o);
        break;
      }
      case wire::RecordKind::Checkpoint:
        sink.checkpoint(r.bytes());
        break;
      case wire::RecordKind::Progress: {
        sdk::Progress p;
        wire::decode(r, p);
        sink.progress(p);
        break;
      }
    }
  }
}

[[noreturn]] void malformed(WorkerPool::Lease& lease, const std::string& why) {
  lease.end(false);
  throw CallFailure(CallError::Kind::InvalidOutput, "sent a malformed message: " + why);
}

}  // namespace

std::uint32_t next_call_id() {
  static std::atomic<std::uint32_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::string converse(WorkerPool::Lease& lease, const std::string& call_frame, CallContext& call) {
  WorkerProcess& worker = lease.worker();
  Deadline deadline = call.deadline;
  UniqueFd wake;
  std::optional<std::stop_callback<Waker>> on_stop;
  if (call.stop.stop_possible()) {
    wake = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (wake.get() >= 0) on_stop.emplace(call.stop, Waker{wake.get()});
  }
  auto timed_out = [&]() -> CallFailure {
    lease.end(false);
    return CallFailure(CallError::Kind::Timeout,
                       "no answer within " + std::to_string(call.timeout.count()) + " ms");
  };
  auto send = [&](const std::string& frame) {
    if (worker.send(frame, deadline)) return;
    if (std::chrono::steady_clock::now() >= deadline) throw timed_out();
    throw CallFailure(CallError::Kind::Crashed, lease.end(true));
  };

  send(call_frame);
  for (;;) {
    WorkerProcess::Received got;
    try {
      got = worker.receive(deadline, wake.get());
    } catch (const wire::Malformed& e) {
      malformed(lease, e.what());
    }
    switch (got.event) {
      case WorkerProcess::Event::TimedOut:
        throw timed_out();
      case WorkerProcess::Event::Closed:
        throw CallFailure(CallError::Kind::Crashed, lease.end(true));
      case WorkerProcess::Event::Woken:
        on_stop.reset();  // waits for a running callback, so the descriptor can go
        wake = UniqueFd();
        deadline = std::min(deadline, std::chrono::steady_clock::now() + kStopGrace);
        send(wire::make_frame(wire::Message::Cancel, call.id));
        continue;
      case WorkerProcess::Event::Frame:
        break;
    }
    wire::Frame& frame = *got.frame;
    try {
      switch (frame.type) {
        case wire::Message::Result:
          return std::move(frame.payload);
        case wire::Message::Records:
          if (!call.sink) malformed(lease, "records outside a sync");
          forward_records(frame.payload, *call.sink);
          break;
        case wire::Message::Log: {
          wire::Reader r(frame.payload);
          sdk::LogLevel level;
          wire::decode(r, level);
          const std::string message = r.bytes();
          r.expect_end();
          call.services.log(level, message);
          break;
        }
        case wire::Message::HttpRequest: {
          const auto request = wire::decode_all<sdk::HttpRequest>(frame.payload);
          send(wire::make_frame(wire::Message::HttpReply, call.services.http(request)));
          break;
        }
        case wire::Message::SettingRequest: {
          const auto name = wire::decode_all<std::string>(frame.payload);
          send(wire::make_frame(wire::Message::SettingReply, call.services.setting(name)));
          break;
        }
        default:
          malformed(lease, "a message the host does not take during a call");
      }
    } catch (const wire::Malformed& e) {
      malformed(lease, e.what());
    }
  }
}

}  // namespace roi::plugins

#include "plugins/worker_pool.hpp"

#include <algorithm>

#include "plugins/loaded_connector.hpp"
#include "text/utf8.hpp"

namespace roi::plugins {
namespace {

constexpr auto kFirstBackoff = std::chrono::milliseconds(50);
constexpr auto kMaxBackoff = std::chrono::milliseconds(5000);

std::string safe(std::string_view message) { return text::sanitize_for_echo(message, 500); }

}  // namespace

WorkerPool::WorkerPool(std::shared_ptr<const WorkerEnvironment> env, UniqueFd library,
                       std::string file)
    : env_(std::move(env)),
      library_(std::move(library)),
      source_(std::make_shared<OutputSource>(std::move(file))) {}

WorkerPool::~WorkerPool() = default;  // idle workers are killed and reaped with their objects

WorkerPool::Started WorkerPool::start(Deadline deadline) {
  std::unique_ptr<WorkerProcess> worker;
  try {
    worker = env_->spawner->spawn(library_.get(), source_);
  } catch (const std::exception& e) {
    throw Refusal(RefusalReason::LoadFailed, safe(e.what()));
  }
  if (env_->starts) env_->starts->inc();
  WorkerProcess::Received got;
  try {
    got = worker->receive(deadline);
  } catch (const wire::Malformed& e) {
    worker->end(false);
    throw Refusal(RefusalReason::CheckFailed, std::string("the worker sent garbage: ") + e.what());
  }
  switch (got.event) {
    case WorkerProcess::Event::TimedOut:
    case WorkerProcess::Event::Woken:
      worker->end(false);
      throw Refusal(RefusalReason::CheckFailed, "the connector did not describe itself within " +
                                                    std::to_string(env_->load_timeout.count()) +
                                                    " ms");
    case WorkerProcess::Event::Closed:
      throw Refusal(RefusalReason::LoadFailed,
                    "the library " + worker->end(true) + " while loading");
    case WorkerProcess::Event::Frame:
      break;
  }
  try {
    if (got.frame->type == wire::Message::Ready) {
      return {std::move(worker), wire::decode_all<sdk::Description>(got.frame->payload)};
    }
    if (got.frame->type == wire::Message::Refused) {
      wire::Reader r(got.frame->payload);
      wire::RefusalCode code;
      wire::decode(r, code);
      const std::string message = r.bytes();
      r.expect_end();
      worker->end(false);
      switch (code) {
        case wire::RefusalCode::LoadFailed:
          throw Refusal(RefusalReason::LoadFailed, safe(message));
        case wire::RefusalCode::WrongAbi:
          throw Refusal(RefusalReason::WrongAbi, safe(message));
        case wire::RefusalCode::CheckFailed:
          throw Refusal(RefusalReason::CheckFailed, safe(message));
      }
    }
  } catch (const wire::Malformed& e) {
    worker->end(false);
    throw Refusal(RefusalReason::CheckFailed, std::string("the worker sent garbage: ") + e.what());
  }
  worker->end(false);
  throw Refusal(RefusalReason::CheckFailed, "the worker answered out of turn");
}

void WorkerPool::adopt(std::unique_ptr<WorkerProcess> worker, std::string id) {
  source_->identify(id);
  std::lock_guard lock(mutex_);
  id_ = std::move(id);
  ++live_;
  idle_.push_back(std::move(worker));
}

WorkerPool::Lease WorkerPool::acquire(Deadline deadline) {
  std::unique_lock lock(mutex_);
  for (;;) {
    while (!idle_.empty()) {
      auto worker = std::move(idle_.back());
      idle_.pop_back();
      if (worker->quiet()) return Lease(*this, std::move(worker));
      // It died or spoke while idle: nobody's call failed, but it counts for the backoff.
      lock.unlock();
      worker->end(true);
      worker.reset();
      died();
      lock.lock();
    }
    const auto now = std::chrono::steady_clock::now();
    const bool room = live_ < env_->max_workers;
    if (room && now >= restart_at_) {
      ++live_;
      lock.unlock();
      try {
        Started started = start(std::min(deadline, now + env_->load_timeout));
        if (started.description.id != id_) {
          started.worker->end(false);
          throw Refusal(RefusalReason::CheckFailed,
                        "a new worker described connector '" + safe(started.description.id) + "'");
        }
        return Lease(*this, std::move(started.worker));
      } catch (const Refusal& r) {
        died();
        throw CallFailure(CallError::Kind::Crashed, std::string("could not restart: ") + r.what());
      } catch (const std::exception& e) {
        died();  // the slot taken above is given back whatever went wrong
        throw CallFailure(CallError::Kind::InvalidOutput,
                          std::string("could not restart: ") + e.what());
      }
    }
    // Nothing will free up in time: say so now rather than hold the caller's thread.
    if (now >= deadline || (room && live_ == 0 && restart_at_ >= deadline)) {
      throw CallFailure(CallError::Kind::Overloaded,
                        room ? "restarting after " + std::to_string(failures_in_a_row_) +
                                   " failures in a row; no worker before the deadline"
                             : "all " + std::to_string(env_->max_workers) +
                                   " workers stayed busy until the deadline");
    }
    freed_.wait_until(lock, room ? std::min(deadline, restart_at_) : deadline);
  }
}

void WorkerPool::returned(std::unique_ptr<WorkerProcess> worker) {
  {
    std::lock_guard lock(mutex_);
    failures_in_a_row_ = 0;
    idle_.push_back(std::move(worker));
  }
  freed_.notify_one();
}

void WorkerPool::died() {
  {
    std::lock_guard lock(mutex_);
    --live_;
    ++deaths_;
    ++failures_in_a_row_;
    const auto backoff = std::min<std::chrono::milliseconds>(
        kMaxBackoff, kFirstBackoff * (1 << std::min(failures_in_a_row_ - 1, 10)));
    restart_at_ = std::chrono::steady_clock::now() + backoff;
  }
  if (env_->deaths) env_->deaths->inc();
  freed_.notify_all();
}

int WorkerPool::workers() const {
  std::lock_guard lock(mutex_);
  return live_;
}

std::uint64_t WorkerPool::deaths() const {
  std::lock_guard lock(mutex_);
  return deaths_;
}

WorkerPool::Lease::~Lease() {
  if (worker_) end(false);
}

void WorkerPool::Lease::give_back() { pool_->returned(std::move(worker_)); }

std::string WorkerPool::Lease::end(bool closed) {
  std::string how = worker_->end(closed);
  worker_.reset();
  pool_->died();
  return how;
}

}  // namespace roi::plugins

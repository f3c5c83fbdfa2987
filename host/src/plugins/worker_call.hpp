// One call's conversation with its worker, driven on the calling thread: send the call, then
// answer the worker's HTTP and setting requests, take its log lines and records, until its
// result, its death or the deadline (which kills it). Everything the worker sends is checked.
#pragma once

#include <chrono>
#include <cstdint>
#include <roi/sdk/record_sink.hpp>
#include <stop_token>
#include <string>

#include "plugins/call_services.hpp"
#include "plugins/worker_pool.hpp"

namespace roi::plugins {

struct CallContext {
  CallServices& services;
  sdk::RecordSink* sink;  // where a sync's records go (through their checks); null otherwise
  std::uint32_t id;
  Deadline deadline;
  std::chrono::milliseconds timeout;  // for messages
  std::stop_token stop;               // a stop request is passed on as Cancel
};

// A fresh id for a call, so the worker can tell a late Cancel from one for its current call.
std::uint32_t next_call_id();

// Sends `call_frame` and serves the worker until it answers; returns its Result payload. Throws
// CallFailure: Timeout, Crashed, or InvalidOutput for a malformed or unexpected message. The
// worker is ended (killed and reaped) through `lease` whenever the call fails.
std::string converse(WorkerPool::Lease& lease, const std::string& call_frame, CallContext& call);

}  // namespace roi::plugins

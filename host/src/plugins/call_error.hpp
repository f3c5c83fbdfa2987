// The error a connector call ends in, seen from the host: the connector's own kind (re-auth,
// rate limit, ...) or the host's verdict (unavailable, timed out, invalid answer), as api::Error.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "api/error.hpp"

namespace roi::plugins {

class CallError : public api::Error {
 public:
  enum class Kind {
    Unavailable,    // no connector with this id is loaded (never was, or it was retired)
    Timeout,        // the call passed its deadline; its worker was killed
    Overloaded,     // no worker of this version was free (or restarted) before the deadline
    InvalidOutput,  // the connector answered something the host cannot accept
    Fault,          // the connector threw something that is not a ConnectorError
    Crashed,        // its worker died (a signal, exit()); the detail says how, for users too
    NeedsReauth,
    RateLimited,
    Transient,
    Permanent,
    Unsupported,
  };
  static constexpr std::size_t kKindCount = static_cast<std::size_t>(Kind::Unsupported) + 1;

  // `detail` reaches the log only; the user message is fixed per kind, except that Crashed
  // shows how the worker ended ("crashed (signal 11)"), which the host itself wrote.
  CallError(Kind kind, const std::string& connector, const std::string& detail,
            std::chrono::seconds retry_after = std::chrono::seconds{0});

  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

std::string kind_key(CallError::Kind kind);  // "timeout", "fault", ...

// Every code a connector call may end in, and `also`: what a procedure that calls a connector
// declares it may answer.
std::vector<api::ErrorCode> call_error_codes(std::vector<api::ErrorCode> also = {});

}  // namespace roi::plugins

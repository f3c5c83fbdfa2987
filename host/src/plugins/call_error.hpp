// The error a connector call ends in, seen from the host: the connector's own kind (re-auth,
// rate limit, ...) or the host's verdict (unavailable, timed out, invalid answer), as api::Error.
#pragma once

#include <chrono>
#include <string>

#include "api/error.hpp"

namespace roi::plugins {

class CallError : public api::Error {
 public:
  enum class Kind {
    Unavailable,    // no connector with this id is loaded (never was, or it was retired)
    Timeout,        // the call passed its deadline; it may still be running, abandoned
    Overloaded,     // too many of this version's calls are stuck: refused without calling
    InvalidOutput,  // the connector answered something the host cannot accept
    Fault,          // the connector threw something that is not a ConnectorError
    NeedsReauth,
    RateLimited,
    Transient,
    Permanent,
    Unsupported,
  };
  static constexpr std::size_t kKindCount = static_cast<std::size_t>(Kind::Unsupported) + 1;

  // `detail` reaches the log only; the user message is fixed per kind.
  CallError(Kind kind, const std::string& connector, const std::string& detail,
            std::chrono::seconds retry_after = std::chrono::seconds{0});

  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

std::string kind_key(CallError::Kind kind);  // "timeout", "fault", ...

}  // namespace roi::plugins

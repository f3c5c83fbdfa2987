// The error a connector call ends in, seen from the host: the connector's own kind (re-auth,
// rate limit, ...) or the host's verdict (unavailable, timed out, invalid answer). The loader's
// own type: what an API caller gets for each kind is decided at the edge (edge/error_mapping.hpp).
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace roi::plugins {

class CallError : public std::runtime_error {
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

  // `what()` is a message fit for users, fixed per kind ("The <id> connector did not answer in
  // time"), except that Crashed shows how the worker ended ("crashed (signal 11)"), which the
  // host itself wrote. `detail` reaches the log only.
  CallError(Kind kind, const std::string& connector, const std::string& detail,
            std::chrono::seconds retry_after = std::chrono::seconds{0});

  Kind kind() const { return kind_; }
  const std::string& connector() const { return connector_; }
  const std::string& detail() const { return detail_; }
  // Seconds the platform asked to wait (RateLimited only).
  std::optional<int> retry_after_s() const { return retry_after_s_; }

 private:
  Kind kind_;
  std::string connector_;
  std::string detail_;
  std::optional<int> retry_after_s_;
};

std::string kind_key(CallError::Kind kind);  // "timeout", "fault", ...

}  // namespace roi::plugins

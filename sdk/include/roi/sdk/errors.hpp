// How a connector reports failure: one error kind the host acts on (re-auth, back off, retry,
// give up) plus a message. Thrown inside the plugin, carried across the boundary as a value.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

namespace roi::sdk {

enum class ErrorKind {
  None,         // success
  NeedsReauth,  // the platform refused the credentials: the host refreshes once if it can,
                // else the user must connect again (connectors never refresh by themselves)
  RateLimited,  // the platform said slow down; retry after `retry_after`
  Transient,    // network or platform trouble; retry with backoff
  Permanent,    // the request can never succeed as made (bad account id, missing permission)
  Unsupported,  // the connector does not offer this capability
  Fault,        // the connector itself misbehaved (an unexpected exception): a bug to report
};

// The outcome of one call across the plugin boundary. A value, not an exception: its type lives
// in the SDK headers and is copied by the host, so nothing of the plugin outlives the call.
struct Status {
  ErrorKind kind = ErrorKind::None;
  std::string message;
  std::chrono::seconds retry_after{0};  // only for RateLimited

  bool ok() const { return kind == ErrorKind::None; }
};

// What connector code throws. The export adapter catches it inside the plugin and returns its
// Status, so the exception never leaves the library that threw it.
class ConnectorError : public std::runtime_error {
 public:
  ConnectorError(ErrorKind kind, const std::string& message,
                 std::chrono::seconds retry_after = std::chrono::seconds{0})
      : std::runtime_error(message), kind_(kind), retry_after_(retry_after) {}

  ErrorKind kind() const { return kind_; }
  std::chrono::seconds retry_after() const { return retry_after_; }

 private:
  ErrorKind kind_;
  std::chrono::seconds retry_after_;
};

inline ConnectorError needs_reauth(const std::string& message) {
  return {ErrorKind::NeedsReauth, message};
}
inline ConnectorError rate_limited(const std::string& message, std::chrono::seconds retry_after) {
  return {ErrorKind::RateLimited, message, retry_after};
}
inline ConnectorError transient(const std::string& message) {
  return {ErrorKind::Transient, message};
}
inline ConnectorError permanent(const std::string& message) {
  return {ErrorKind::Permanent, message};
}

}  // namespace roi::sdk

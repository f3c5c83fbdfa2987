// The store's own failure: the database was busy, unreachable or failed an operation. `what()`
// names the operation only (never SQL or bound values) and reaches the log; what the caller is
// told is decided at the API edge (edge/error_mapping.hpp), not here.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace roi::store {

class Error : public std::runtime_error {
 public:
  enum class Kind {
    Busy,         // no pooled session was free in time
    Unavailable,  // the database cannot be reached (a restart, a lost connection)
    Failed,       // an operation failed on a working connection
  };

  // `retry_after_s`: seconds after which a retry may succeed, when the store can tell.
  Error(Kind kind, const std::string& detail, std::optional<int> retry_after_s = std::nullopt)
      : std::runtime_error(detail), kind_(kind), retry_after_s_(retry_after_s) {}

  Kind kind() const { return kind_; }
  std::optional<int> retry_after_s() const { return retry_after_s_; }

 private:
  Kind kind_;
  std::optional<int> retry_after_s_;
};

}  // namespace roi::store

#include "plugins/call_error.hpp"

namespace roi::plugins {
namespace {

struct KindInfo {
  const char* key;
  const char* message;  // after "The <id> connector "
};

const KindInfo& info(CallError::Kind kind) {
  static const KindInfo table[CallError::kKindCount] = {
      {"unavailable", "is unavailable"},
      {"timeout", "did not answer in time"},
      {"overloaded", "is not responding; try again later"},
      {"invalid_output", "returned an invalid answer"},
      {"fault", "failed unexpectedly"},
      {"crashed", ""},
      {"needs_reauth", "needs you to connect the account again"},
      {"rate_limited", "is rate limited by the platform"},
      {"transient", "could not reach the platform; try again"},
      {"permanent", "cannot do this request"},
      {"unsupported", "does not offer this"},
  };
  return table[static_cast<std::size_t>(kind)];
}

}  // namespace

CallError::CallError(Kind kind, const std::string& connector, const std::string& detail,
                     std::chrono::seconds retry_after)
    : std::runtime_error("The " + connector + " connector " +
                         (kind == Kind::Crashed ? detail : std::string(info(kind).message))),
      kind_(kind),
      connector_(connector),
      detail_(connector + ": " + detail) {
  if (kind == Kind::RateLimited) retry_after_s_ = static_cast<int>(retry_after.count());
}

std::string kind_key(CallError::Kind kind) { return info(kind).key; }

}  // namespace roi::plugins

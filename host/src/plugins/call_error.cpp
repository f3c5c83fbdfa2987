#include "plugins/call_error.hpp"

namespace roi::plugins {
namespace {

struct KindInfo {
  const char* key;
  api::ErrorCode code;
  const char* message;  // after "The <id> connector "
};

const KindInfo& info(CallError::Kind kind) {
  static const KindInfo table[CallError::kKindCount] = {
      {"unavailable", api::ErrorCode::NotFound, "is unavailable"},
      {"timeout", api::ErrorCode::GatewayTimeout, "did not answer in time"},
      {"overloaded", api::ErrorCode::ServiceUnavailable, "is not responding; try again later"},
      {"invalid_output", api::ErrorCode::BadGateway, "returned an invalid answer"},
      {"fault", api::ErrorCode::BadGateway, "failed unexpectedly"},
      {"crashed", api::ErrorCode::BadGateway, ""},
      {"needs_reauth", api::ErrorCode::PreconditionFailed,
       "needs you to connect the account again"},
      {"rate_limited", api::ErrorCode::TooManyRequests, "is rate limited by the platform"},
      {"transient", api::ErrorCode::ServiceUnavailable, "could not reach the platform; try again"},
      {"permanent", api::ErrorCode::UnprocessableContent, "cannot do this request"},
      {"unsupported", api::ErrorCode::NotImplemented, "does not offer this"},
  };
  return table[static_cast<std::size_t>(kind)];
}

}  // namespace

CallError::CallError(Kind kind, const std::string& connector, const std::string& detail,
                     std::chrono::seconds retry_after)
    : api::Error(info(kind).code,
                 "The " + connector + " connector " +
                     (kind == Kind::Crashed ? detail : std::string(info(kind).message)),
                 connector + ": " + detail),
      kind_(kind) {
  with_data("connector", connector);
  if (kind == Kind::RateLimited) with_retry_after(static_cast<int>(retry_after.count()));
}

std::string kind_key(CallError::Kind kind) { return info(kind).key; }

std::vector<api::ErrorCode> call_error_codes(std::vector<api::ErrorCode> also) {
  std::vector<api::ErrorCode> out = std::move(also);
  for (std::size_t i = 0; i < CallError::kKindCount; ++i) {
    out.push_back(info(static_cast<CallError::Kind>(i)).code);
  }
  return out;
}

}  // namespace roi::plugins

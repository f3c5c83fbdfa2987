#include "edge/error_mapping.hpp"

#include <array>
#include <string>
#include <utility>

#include "plugins/call_error.hpp"
#include "store/error.hpp"

namespace roi::edge {
namespace {

using api::ErrorCode;
using Kind = plugins::CallError::Kind;

constexpr std::array<ErrorCode, plugins::CallError::kKindCount> kCallCodes = [] {
  std::array<ErrorCode, plugins::CallError::kKindCount> codes{};
  auto set = [&](Kind kind, ErrorCode code) { codes[static_cast<std::size_t>(kind)] = code; };
  set(Kind::Unavailable, ErrorCode::NotFound);
  set(Kind::Timeout, ErrorCode::GatewayTimeout);
  set(Kind::Overloaded, ErrorCode::ServiceUnavailable);
  set(Kind::InvalidOutput, ErrorCode::BadGateway);
  set(Kind::Fault, ErrorCode::BadGateway);
  set(Kind::Crashed, ErrorCode::BadGateway);
  set(Kind::NeedsReauth, ErrorCode::PreconditionFailed);
  set(Kind::RateLimited, ErrorCode::TooManyRequests);
  set(Kind::Transient, ErrorCode::ServiceUnavailable);
  set(Kind::Permanent, ErrorCode::UnprocessableContent);
  set(Kind::Unsupported, ErrorCode::NotImplemented);
  return codes;
}();

api::Error to_api_error(const store::Error& e) {
  switch (e.kind()) {
    case store::Error::Kind::Busy:
      return api::Error(ErrorCode::ServiceUnavailable,
                        "The service is busy, please retry in a moment", e.what());
    case store::Error::Kind::Unavailable: {
      api::Error out(ErrorCode::ServiceUnavailable,
                     "The database is unavailable, please retry in a moment", e.what());
      if (e.retry_after_s()) out.with_retry_after(*e.retry_after_s());
      return out;
    }
    case store::Error::Kind::Failed:
      break;
  }
  return api::Error(ErrorCode::InternalServerError, "Internal server error", e.what());
}

api::Error to_api_error(const plugins::CallError& e) {
  api::Error out(kCallCodes[static_cast<std::size_t>(e.kind())], e.what(), e.detail());
  out.with_data("connector", e.connector());
  if (e.retry_after_s()) out.with_retry_after(*e.retry_after_s());
  return out;
}

}  // namespace

std::optional<api::Error> translate(const std::exception& e) {
  if (const auto* store = dynamic_cast<const store::Error*>(&e)) return to_api_error(*store);
  if (const auto* call = dynamic_cast<const plugins::CallError*>(&e)) return to_api_error(*call);
  return std::nullopt;
}

std::vector<api::ErrorCode> call_error_codes(std::vector<api::ErrorCode> also) {
  std::vector<api::ErrorCode> out = std::move(also);
  out.insert(out.end(), kCallCodes.begin(), kCallCodes.end());
  return out;
}

}  // namespace roi::edge

// The one typed error of the API: a tRPC error code, a message safe to show the caller, and an
// internal detail that only reaches the log. Mapped to the wire envelope in trpc_codec.cpp only.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roi::api {

enum class ErrorCode {
  ParseError,
  BadRequest,
  InternalServerError,
  NotImplemented,
  BadGateway,
  ServiceUnavailable,
  GatewayTimeout,
  Unauthorized,
  PaymentRequired,
  Forbidden,
  NotFound,
  MethodNotSupported,
  Timeout,
  Conflict,
  PreconditionFailed,
  PayloadTooLarge,
  UnsupportedMediaType,
  UnprocessableContent,
  PreconditionRequired,
  TooManyRequests,
  ClientClosedRequest,
};
inline constexpr std::size_t kErrorCodeCount =
    static_cast<std::size_t>(ErrorCode::ClientClosedRequest) + 1;

struct ErrorCodeInfo {
  std::string_view key;  // "BAD_REQUEST"
  int json_rpc_code;     // -32600
  int http_status;       // 400
};

const ErrorCodeInfo& info(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::string detail = {})
      : std::runtime_error(std::move(message)), code_(code), detail_(std::move(detail)) {}

  ErrorCode code() const { return code_; }
  const std::string& detail() const { return detail_; }

  // Extra string fields for the envelope's `data` (for example the offending input field).
  const std::vector<std::pair<std::string, std::string>>& data() const { return data_; }
  Error& with_data(std::string key, std::string value) {
    data_.emplace_back(std::move(key), std::move(value));
    return *this;
  }

  // Seconds the caller should wait (TOO_MANY_REQUESTS); sent as Retry-After.
  std::optional<int> retry_after_s() const { return retry_after_s_; }
  Error& with_retry_after(int seconds) {
    retry_after_s_ = seconds;
    return *this;
  }

 private:
  ErrorCode code_;
  std::string detail_;
  std::vector<std::pair<std::string, std::string>> data_;
  std::optional<int> retry_after_s_;
};

// BAD_REQUEST "Invalid input: <field> <problem>" naming the field in `data`: an input rule that a
// procedure checks in code, worded as the input schema words its own.
Error invalid_input(std::string_view field, std::string_view problem);

}  // namespace roi::api

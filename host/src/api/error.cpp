#include "api/error.hpp"

#include <array>

namespace roi::api {

Error invalid_input(std::string_view field, std::string_view problem) {
  std::string message = "Invalid input: ";
  message.append(field).append(" ").append(problem);
  return std::move(
      Error(ErrorCode::BadRequest, std::move(message)).with_data("field", std::string(field)));
}

const ErrorCodeInfo& info(ErrorCode code) {
  // Codes and statuses as in @trpc/server 11 (rpc/codes.ts, http/getHTTPStatusCode.ts).
  static const std::array<ErrorCodeInfo, kErrorCodeCount> table = {{
      {"PARSE_ERROR", -32700, 400},
      {"BAD_REQUEST", -32600, 400},
      {"INTERNAL_SERVER_ERROR", -32603, 500},
      {"NOT_IMPLEMENTED", -32603, 501},
      {"BAD_GATEWAY", -32603, 502},
      {"SERVICE_UNAVAILABLE", -32603, 503},
      {"GATEWAY_TIMEOUT", -32603, 504},
      {"UNAUTHORIZED", -32001, 401},
      {"PAYMENT_REQUIRED", -32002, 402},
      {"FORBIDDEN", -32003, 403},
      {"NOT_FOUND", -32004, 404},
      {"METHOD_NOT_SUPPORTED", -32005, 405},
      {"TIMEOUT", -32008, 408},
      {"CONFLICT", -32009, 409},
      {"PRECONDITION_FAILED", -32012, 412},
      {"PAYLOAD_TOO_LARGE", -32013, 413},
      {"UNSUPPORTED_MEDIA_TYPE", -32015, 415},
      {"UNPROCESSABLE_CONTENT", -32022, 422},
      {"PRECONDITION_REQUIRED", -32028, 428},
      {"TOO_MANY_REQUESTS", -32029, 429},
      {"CLIENT_CLOSED_REQUEST", -32099, 499},
  }};
  return table[static_cast<std::size_t>(code)];
}

}  // namespace roi::api

// The tRPC HTTP wire protocol as @trpc/client 11 speaks it without a transformer: GET queries,
// POST mutations, ?batch=1 batches, result and error envelopes, per-item HTTP statuses.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/error.hpp"
#include "api/procedure.hpp"
#include "http/message.hpp"

namespace roi::api {

// How one call ended, for metrics and the request log (never sent to the client as is).
struct CallOutcome {
  const Procedure* procedure = nullptr;  // null when the path named no procedure
  std::optional<ErrorCode> error;
  std::string detail;  // internal error detail, for the log only
  std::chrono::nanoseconds duration{0};
};

struct TrpcResult {
  http::Response response;
  std::vector<CallOutcome> calls;
  std::optional<ErrorCode> request_error;  // the request failed before any call ran
  std::string request_error_detail;
};

// The api::Error an exception of a lower area stands for (the store's, the connector loader's);
// nullopt for one it does not know.
using ErrorTranslator = std::optional<Error> (*)(const std::exception& e);

struct TrpcLimits {
  std::size_t max_batch_calls = 50;
  std::size_t max_body_bytes = 1 << 20;
};

class TrpcEndpoint {
 public:
  // `authenticator` identifies callers of Access::User procedures; without one they are all
  // refused as UNAUTHORIZED. `translate` turns the errors of areas below the API that a handler
  // lets through into what the caller sees; any other exception is INTERNAL_SERVER_ERROR.
  TrpcEndpoint(const ProcedureRegistry& registry, TrpcLimits limits,
               const Authenticator* authenticator = nullptr, ErrorTranslator translate = nullptr);

  // `paths` is the part of the URL after the endpoint prefix: "a.b" or "a.b,c.d" for a batch.
  TrpcResult handle(const http::Request& request, std::string_view paths) const;

 private:
  // The request's caller, asked of the authenticator at most once per request (a batch of
  // protected calls shares it): unset until a call needs it.
  using Caller = std::optional<std::optional<AuthenticatedUser>>;

  CallOutcome run_call(const http::Request& request, std::string_view path, bool is_get,
                       const rapidjson::Value& input, http::Headers& headers, std::string& envelope,
                       int& status, Caller& caller) const;

  const ProcedureRegistry& registry_;
  TrpcLimits limits_;
  const Authenticator* authenticator_;
  ErrorTranslator translate_;
};

// Serialises an error envelope {"error":{message,code,data:{code,httpStatus,path?,...}}}.
std::string error_envelope(const Error& error, std::optional<std::string_view> path);

}  // namespace roi::api

// The router describing itself: every procedure with its type, whether it needs a session, its
// input and output JSON Schemas and the error codes it may answer (system.schema), and the same as
// an OpenAPI 3.1 document for clients that do not speak tRPC's TypeScript (system.openapi).
#pragma once

#include <string_view>
#include <vector>

#include "api/json.hpp"
#include "api/procedure.hpp"

namespace roi::api {

struct DocumentInfo {
  std::string_view version;         // the host's version
  std::string_view prefix;          // where the tRPC endpoint is served: "/api/trpc"
  std::string_view session_cookie;  // the cookie that may carry the session token
};

// The codes a call to `p` may answer: those of any call (bad input, wrong method, ...),
// UNAUTHORIZED when it needs a session, and the ones the procedure declares; in ErrorCode order.
std::vector<ErrorCode> error_codes(const Procedure& p);

// {version, endpoint, procedures: [{path, type, requiresSession, input, output, errors}]}, the
// procedures by path, each family as the members its `members` lists now.
void write_schema_document(JsonWriter& out, const ProcedureRegistry& registry,
                           const DocumentInfo& info);

// OpenAPI 3.1: a GET (query, input as the JSON `input` parameter) or POST (mutation, input as the
// JSON body) operation per procedure, answering {result: {data: output}} or the error envelope.
void write_openapi_document(JsonWriter& out, const ProcedureRegistry& registry,
                            const DocumentInfo& info);

}  // namespace roi::api

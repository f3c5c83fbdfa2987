// tRPC requests end to end through the endpoint: method, batch paths, query string (input=),
// content type, cookie and body as a client sends them, then JSON parsing, input schemas (the
// keywords the modules use: types, required, additionalProperties, maxLength, pattern, enum,
// minimum/maximum, items/maxItems) and the dashboard's date range rules. Every answer must be
// one JSON document (an array for a batch).
// Input: method == paths == query == content type == cookie == body.
#include <cstdlib>

#include "api/trpc_endpoint.hpp"
#include "auth/session_cookie.hpp"
#include "fuzz_support.hpp"
#include "modules/dashboard/date_range.hpp"

namespace {

using namespace roi::api;

constexpr const char* kRangeSchema = R"({
  "type": "object",
  "properties": {
    "start": {"type": "string", "maxLength": 10},
    "end": {"type": "string", "maxLength": 10},
    "platforms": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"}, "maxItems": 8},
    "sortBy": {"enum": ["name", "spend", "roas"]},
    "limit": {"type": "integer", "minimum": 1, "maximum": 200},
    "compare": {"type": "boolean"}
  },
  "required": ["start", "end"],
  "additionalProperties": false
})";

constexpr const char* kIdSchema = R"({
  "type": "object",
  "properties": {"id": {"type": "integer", "minimum": 1}, "name": {"type": "string", "minLength": 1, "maxLength": 200}},
  "required": ["id"],
  "additionalProperties": false
})";

constexpr const char* kOptionalSchema = R"({
  "type": "object",
  "properties": {"cursor": {"type": "string", "maxLength": 2048}, "settings": {"type": "object", "maxProperties": 4}}
})";

// Signed in when the roi_session cookie says "user".
class CookieAuthenticator final : public Authenticator {
 public:
  std::optional<AuthenticatedUser> authenticate(const roi::http::Request& request) const override {
    const auto value = roi::auth::session_cookie_value(request.header("cookie"));
    if (value && *value == "user") return AuthenticatedUser{7, "0123456789abcdef0123456789abcdef"};
    return std::nullopt;
  }
};

// Echoes the validated input back, as handlers write their output.
void echo(CallContext&, const rapidjson::Value& input, JsonWriter& out) { input.Accept(out); }

const ProcedureRegistry& registry() {
  static const ProcedureRegistry r = [] {
    ProcedureRegistry reg;
    reg.add({"dashboard.range", ProcedureType::Query, std::make_shared<InputSchema>(kRangeSchema),
             [](CallContext&, const rapidjson::Value& input, JsonWriter& out) {
               const auto range = roi::modules::dashboard::read_range(input);
               out.Int(range.days());
             },
             Access::User});
    reg.add({"reports.delete", ProcedureType::Mutation, std::make_shared<InputSchema>(kIdSchema),
             [](CallContext&, const rapidjson::Value& input, JsonWriter& out) {
               out.Int64(input["id"].GetInt64());
             }});
    reg.add(
        {"items.list", ProcedureType::Query, std::make_shared<InputSchema>(kOptionalSchema), echo});
    reg.add({"auth.logout", ProcedureType::Mutation, nullptr, echo, Access::User});
    reg.add_family({"system.connector.", ProcedureType::Query,
                    std::make_shared<InputSchema>(kOptionalSchema), echo});
    return reg;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CookieAuthenticator authenticator;
  static const TrpcEndpoint endpoint(registry(), TrpcLimits{.max_batch_calls = 8}, &authenticator);
  const auto f = roi::fuzz::fields(data, size, 6);
  roi::http::Request request;
  request.method = f[0];
  request.query = f[2];
  request.content_type = f[3];
  request.headers = {{"cookie", std::string(f[4])}};
  request.body = f[5];
  const auto result = endpoint.handle(request, f[1]);
  if (request.method == "HEAD") return 0;
  rapidjson::Document answer;
  answer.Parse(result.response.body.data(), result.response.body.size());
  if (answer.HasParseError() || !(answer.IsObject() || answer.IsArray())) std::abort();
  return 0;
}

#include "api/schema_document.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace roi::api {
namespace {

// Codes any call may answer: its input unparsable or invalid, the wrong HTTP method, a body over
// the limit, nginx's rate limit, the database (or the host) unavailable, a bug.
constexpr ErrorCode kAnyCall[] = {ErrorCode::ParseError,         ErrorCode::BadRequest,
                                  ErrorCode::MethodNotSupported, ErrorCode::PayloadTooLarge,
                                  ErrorCode::TooManyRequests,    ErrorCode::InternalServerError,
                                  ErrorCode::ServiceUnavailable};

// The error envelope as the endpoint writes it (trpc_endpoint.cpp, write_error).
std::string error_schema() {
  std::string codes;
  for (std::size_t i = 0; i < kErrorCodeCount; ++i) {
    if (i) codes += ", ";
    codes += '"' + std::string(info(static_cast<ErrorCode>(i)).key) + '"';
  }
  return R"({"type": "object", "required": ["error"], "additionalProperties": false,
    "properties": {"error": {"type": "object", "required": ["message", "code", "data"],
      "additionalProperties": false,
      "properties": {
        "message": {"type": "string"},
        "code": {"type": "integer"},
        "data": {"type": "object", "required": ["code", "httpStatus"],
          "properties": {"code": {"enum": [)" +
         codes + R"(]}, "httpStatus": {"type": "integer"}, "path": {"type": "string"}},
          "additionalProperties": {"type": "string"}}}}}})";
}

// One procedure as the documents show it: a family appears as its members.
struct Entry {
  std::string path;
  const Procedure* procedure;
  std::string input;  // empty: takes no input
  std::string output;
};

std::vector<Entry> entries(const ProcedureRegistry& registry) {
  std::vector<Entry> out;
  for (const Procedure* p : registry.procedures()) {
    out.push_back({p->path, p, p->input ? p->input->source() : std::string(), p->output});
  }
  for (const Procedure* f : registry.families()) {
    if (!f->members) continue;
    for (auto& m : f->members()) {
      if (registry.find(m.path) != f) continue;  // a path add() took wins over the family
      out.push_back({std::move(m.path), f, std::move(m.input), std::move(m.output)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
  return out;
}

// A schema as registered, compacted; `{}` (anything) when none was declared.
void write_schema(JsonWriter& out, const std::string& schema) {
  rapidjson::Document doc;
  doc.Parse(schema.empty() ? "{}" : schema.c_str());
  doc.Accept(out);
}

// "content": {"application/json": {"schema": ...}}: how OpenAPI gives a JSON body's schema.
void write_json_content(JsonWriter& out, const rapidjson::Value& schema) {
  out.Key("content");
  out.StartObject();
  out.Key("application/json");
  out.StartObject();
  out.Key("schema");
  schema.Accept(out);
  out.EndObject();
  out.EndObject();
}

// A response of an operation: its description and the schema of its JSON body.
void write_response(JsonWriter& out, std::string_view status, std::string_view description,
                    const std::string& schema) {
  rapidjson::Document doc;
  doc.Parse(schema.c_str());
  out.Key(status.data(), static_cast<rapidjson::SizeType>(status.size()));
  out.StartObject();
  member(out, "description", description);
  write_json_content(out, doc);
  out.EndObject();
}

// "required" and "content" of an operation's input (its query parameter or its request body),
// from the input schema parsed once.
void write_input(JsonWriter& out, const std::string& schema) {
  rapidjson::Document doc;
  doc.Parse(schema.c_str());
  bool required = false;
  if (!doc.HasParseError() && doc.IsObject()) {
    const auto names = doc.FindMember("required");
    required = names != doc.MemberEnd() && names->value.IsArray() && !names->value.Empty();
  }
  member(out, "required", required);
  write_json_content(out, doc);
}

void write_openapi_operation(JsonWriter& out, const Entry& e) {
  const Procedure& p = *e.procedure;
  const bool query = p.type == ProcedureType::Query;
  out.Key(query ? "get" : "post");
  out.StartObject();
  member(out, "operationId", e.path);
  out.Key("tags");
  out.StartArray();
  scalar(out, e.path.substr(0, e.path.find('.')));
  out.EndArray();
  out.Key("x-trpc-type");
  out.String(query ? "query" : "mutation");
  if (p.access == Access::User) {
    out.Key("security");
    out.StartArray();
    for (const char* scheme : {"bearer", "session"}) {
      out.StartObject();
      out.Key(scheme);
      out.StartArray();
      out.EndArray();
      out.EndObject();
    }
    out.EndArray();
  }
  if (!e.input.empty() && query) {
    out.Key("parameters");
    out.StartArray();
    out.StartObject();
    out.Key("name");
    out.String("input");
    out.Key("in");
    out.String("query");
    out.Key("description");
    out.String("The input as JSON");
    write_input(out, e.input);
    out.EndObject();
    out.EndArray();
  } else if (!e.input.empty()) {
    out.Key("requestBody");
    out.StartObject();
    write_input(out, e.input);
    out.EndObject();
  }

  out.Key("responses");
  out.StartObject();
  write_response(out, "200", "The procedure's output, as result.data",
                 R"({"type":"object","required":["result"],"properties":{"result":)"
                 R"({"type":"object","required":["data"],"properties":{"data":)" +
                     (e.output.empty() ? std::string("{}") : e.output) + "}}}}");

  std::map<int, std::string> by_status;
  for (ErrorCode code : error_codes(p)) {
    auto& keys = by_status[info(code).http_status];
    if (!keys.empty()) keys += ", ";
    keys += info(code).key;
  }
  for (const auto& [status, keys] : by_status) {
    write_response(out, std::to_string(status), keys, R"({"$ref":"#/components/schemas/Error"})");
  }
  out.EndObject();
  out.EndObject();
}

}  // namespace

std::vector<ErrorCode> error_codes(const Procedure& p) {
  std::vector<ErrorCode> codes(std::begin(kAnyCall), std::end(kAnyCall));
  if (p.type == ProcedureType::Mutation) codes.push_back(ErrorCode::UnsupportedMediaType);
  if (p.access == Access::User) codes.push_back(ErrorCode::Unauthorized);
  codes.insert(codes.end(), p.errors.begin(), p.errors.end());
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

void write_schema_document(JsonWriter& out, const ProcedureRegistry& registry,
                           const DocumentInfo& info) {
  out.StartObject();
  member(out, "version", info.version);
  member(out, "endpoint", info.prefix);
  out.Key("error");
  write_schema(out, error_schema());
  out.Key("procedures");
  out.StartArray();
  for (const Entry& e : entries(registry)) {
    out.StartObject();
    member(out, "path", e.path);
    out.Key("type");
    out.String(e.procedure->type == ProcedureType::Query ? "query" : "mutation");
    out.Key("requiresSession");
    out.Bool(e.procedure->access == Access::User);
    out.Key("input");
    if (e.input.empty()) {
      out.Null();
    } else {
      write_schema(out, e.input);
    }
    out.Key("output");
    write_schema(out, e.output);
    out.Key("errors");
    out.StartArray();
    for (ErrorCode code : error_codes(*e.procedure)) scalar(out, api::info(code).key);
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

void write_openapi_document(JsonWriter& out, const ProcedureRegistry& registry,
                            const DocumentInfo& info) {
  out.StartObject();
  out.Key("openapi");
  out.String("3.1.0");
  out.Key("info");
  out.StartObject();
  out.Key("title");
  out.String("ROI Host API");
  member(out, "version", info.version);
  out.Key("description");
  out.String(
      "The tRPC procedures of roi-host over HTTP: a query is a GET with its input as the JSON "
      "`input` parameter, a mutation a POST with its input as the JSON body; the answer is "
      "{\"result\":{\"data\":...}} or an error envelope whose data.code names the error.");
  out.EndObject();
  out.Key("paths");
  out.StartObject();
  const std::string prefix(info.prefix);
  for (const Entry& e : entries(registry)) {
    out.Key((prefix + "/" + e.path).c_str());
    out.StartObject();
    write_openapi_operation(out, e);
    out.EndObject();
  }
  out.EndObject();
  out.Key("components");
  out.StartObject();
  out.Key("schemas");
  out.StartObject();
  out.Key("Error");
  write_schema(out, error_schema());
  out.EndObject();
  out.Key("securitySchemes");
  out.StartObject();
  out.Key("bearer");
  out.StartObject();
  out.Key("type");
  out.String("http");
  out.Key("scheme");
  out.String("bearer");
  out.Key("bearerFormat");
  out.String("JWT");
  out.EndObject();
  out.Key("session");
  out.StartObject();
  out.Key("type");
  out.String("apiKey");
  out.Key("in");
  out.String("cookie");
  out.Key("name");
  scalar(out, info.session_cookie);
  out.EndObject();
  out.EndObject();
  out.EndObject();
  out.EndObject();
}

}  // namespace roi::api

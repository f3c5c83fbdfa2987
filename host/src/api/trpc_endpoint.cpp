#include "api/trpc_endpoint.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "api/json.hpp"
#include "http/media_type.hpp"
#include "http/url.hpp"

namespace roi::api {
namespace {

using Clock = std::chrono::steady_clock;

const rapidjson::Value kUndefinedInput;  // absent input is handled as null

std::vector<std::string_view> split_paths(std::string_view paths) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t comma = paths.find(',', pos);
    out.push_back(paths.substr(pos, comma == std::string_view::npos ? paths.npos : comma - pos));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

void write_error(JsonWriter& w, const Error& error, std::optional<std::string_view> path) {
  const auto& code = info(error.code());
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("message");
  w.String(error.what());
  w.Key("code");
  w.Int(code.json_rpc_code);
  w.Key("data");
  w.StartObject();
  w.Key("code");
  w.String(code.key.data(), static_cast<rapidjson::SizeType>(code.key.size()));
  w.Key("httpStatus");
  w.Int(code.http_status);
  if (path) {
    w.Key("path");
    w.String(path->data(), static_cast<rapidjson::SizeType>(path->size()));
  }
  for (const auto& [k, v] : error.data()) {
    w.Key(k.c_str());
    w.String(v);
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

std::string type_name(ProcedureType t) { return t == ProcedureType::Query ? "query" : "mutation"; }

}  // namespace

std::string error_envelope(const Error& error, std::optional<std::string_view> path) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write_error(w, error, path);
  return {buf.GetString(), buf.GetSize()};
}

TrpcEndpoint::TrpcEndpoint(const ProcedureRegistry& registry, TrpcLimits limits,
                           const Authenticator* authenticator)
    : registry_(registry), limits_(limits), authenticator_(authenticator) {}

CallOutcome TrpcEndpoint::run_call(const http::Request& request, std::string_view path, bool is_get,
                                   const rapidjson::Value& input, http::Headers& headers,
                                   std::string& envelope, int& status, Caller& caller) const {
  CallOutcome outcome;
  const auto started = Clock::now();
  const std::string shown_path = sanitize_for_echo(path);
  try {
    const Procedure* proc = registry_.find(path);
    if (!proc) {
      throw Error(ErrorCode::NotFound, "No procedure found on path \"" + shown_path + "\"");
    }
    outcome.procedure = proc;
    const bool wants_query = proc->type == ProcedureType::Query;
    if (wants_query != is_get) {
      throw Error(ErrorCode::MethodNotSupported, "Unsupported " + request.method + "-request to " +
                                                     type_name(proc->type) +
                                                     " procedure at path \"" + shown_path + "\"");
    }
    CallContext ctx{request, path, headers};
    if (proc->access == Access::User) {
      if (!caller) {
        caller = authenticator_ ? authenticator_->authenticate(request)
                                : std::optional<AuthenticatedUser>{};
      }
      ctx.user = *caller;
      if (!ctx.user) throw Error(ErrorCode::Unauthorized, "Not signed in");
    }
    // `@trpc/client` sends nothing for an absent input: that is `{}` when every field is
    // optional. A procedure that declares no input takes none (`{}` is none).
    const rapidjson::Value empty_object(rapidjson::kObjectType);
    const rapidjson::Value* given = &input;
    if (!proc->input && !input.IsNull() && !(input.IsObject() && input.ObjectEmpty())) {
      throw Error(ErrorCode::BadRequest, "Invalid input: this procedure takes no input")
          .with_data("field", "input");
    }
    if (proc->input && input.IsNull() && proc->input->accepts_empty_object()) given = &empty_object;
    if (proc->input) proc->input->validate(*given);

    rapidjson::StringBuffer out;
    JsonWriter writer(out);
    proc->handler(ctx, *given, writer);
    if (!writer.IsComplete()) {
      throw Error(ErrorCode::InternalServerError, "Internal server error",
                  "handler wrote no complete JSON value");
    }
    envelope.reserve(out.GetSize() + 20);
    envelope = "{\"result\":{\"data\":";
    envelope.append(out.GetString(), out.GetSize());
    envelope += "}}";
    status = 200;
  } catch (const Error& e) {
    outcome.error = e.code();
    outcome.detail = e.detail();
    envelope = error_envelope(e, shown_path);
    status = info(e.code()).http_status;
    if (e.retry_after_s()) headers.emplace_back("Retry-After", std::to_string(*e.retry_after_s()));
  } catch (const std::exception& e) {
    outcome.error = ErrorCode::InternalServerError;
    outcome.detail = e.what();
    envelope =
        error_envelope(Error(ErrorCode::InternalServerError, "Internal server error"), shown_path);
    status = 500;
  }
  outcome.duration = Clock::now() - started;
  return outcome;
}

TrpcResult TrpcEndpoint::handle(const http::Request& request, std::string_view paths) const {
  TrpcResult result;
  auto& response = result.response;
  response.headers = {{"Content-Type", "application/json"}, {"Vary", "trpc-accept"}};

  if (request.method == "HEAD") {
    response.status = 204;
    response.headers.clear();
    return result;
  }

  const bool is_get = request.method == "GET";
  const auto batch_param = http::query_param(request.query, "batch");
  const bool batch =
      batch_param.present && (batch_param.value == "1" || batch_param.value == "true");

  try {
    if (!is_get && request.method != "POST") {
      throw Error(ErrorCode::MethodNotSupported,
                  "Unsupported HTTP method \"" + sanitize_for_echo(request.method, 16) + "\"");
    }
    if (request.body_too_large) {
      throw Error(ErrorCode::PayloadTooLarge, "Request body is larger than the limit of " +
                                                  std::to_string(limits_.max_body_bytes) +
                                                  " bytes");
    }
    const auto call_paths = batch ? split_paths(paths) : std::vector<std::string_view>{paths};
    if (call_paths.size() > limits_.max_batch_calls) {
      throw Error(ErrorCode::BadRequest,
                  "A batch may hold at most " + std::to_string(limits_.max_batch_calls) + " calls");
    }

    if (std::count_if(call_paths.begin(), call_paths.end(), [&](std::string_view p) {
          const Procedure* proc = registry_.find(p);
          return proc && proc->cost == Cost::PasswordHash;
        }) > 1) {
      throw Error(ErrorCode::BadRequest,
                  "A batch may hold at most one call that checks or sets a password: send them "
                  "as separate requests");
    }

    rapidjson::Document input;
    bool has_input = false;
    if (is_get) {
      const auto p = http::query_param(request.query, "input");
      if (p.malformed) throw Error(ErrorCode::ParseError, "Invalid percent-encoding in \"input\"");
      if (p.present) {
        parse_json(p.value, input);
        has_input = true;
      }
    } else {
      if (!http::is_json_content_type(request.content_type)) {
        throw Error(ErrorCode::UnsupportedMediaType,
                    "Unsupported content-type \"" + sanitize_for_echo(request.content_type, 100) +
                        "\": send application/json");
      }
      if (!request.body.empty()) {
        parse_json(request.body, input);
        has_input = true;
      }
    }
    if (batch && has_input && !input.IsObject()) {
      throw Error(ErrorCode::BadRequest, "\"input\" needs to be an object when doing a batch call");
    }

    std::vector<std::string> envelopes(call_paths.size());
    std::set<int> statuses;
    Caller caller;
    for (std::size_t i = 0; i < call_paths.size(); ++i) {
      const rapidjson::Value* item = &kUndefinedInput;
      if (batch) {
        const std::string key = std::to_string(i);
        if (has_input) {
          auto m = input.FindMember(key.c_str());
          if (m != input.MemberEnd()) item = &m->value;
        }
      } else if (has_input) {
        item = &input;
      }
      int status = 200;
      result.calls.push_back(run_call(request, call_paths[i], is_get, *item, response.headers,
                                      envelopes[i], status, caller));
      statuses.insert(status);
    }

    response.status = statuses.size() == 1 ? *statuses.begin() : 207;
    if (batch) {
      std::size_t total = 2;
      for (const auto& e : envelopes) total += e.size() + 1;
      response.body.reserve(total);
      response.body = "[";
      for (std::size_t i = 0; i < envelopes.size(); ++i) {
        if (i) response.body += ',';
        response.body += envelopes[i];
      }
      response.body += ']';
    } else {
      response.body = std::move(envelopes[0]);
    }
  } catch (const Error& e) {
    // A request-level failure: one envelope, which the client applies to every call.
    result.request_error = e.code();
    result.request_error_detail = e.detail();
    response.status = info(e.code()).http_status;
    response.body = error_envelope(e, std::nullopt);
  }
  return result;
}

}  // namespace roi::api

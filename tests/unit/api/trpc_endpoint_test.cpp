// The tRPC wire protocol as @trpc/client 11 expects it: envelopes, codes, statuses, batches, and
// hostile input that must end in a clear error rather than a crash.
#include "api/trpc_endpoint.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <rapidjson/document.h>

#include <stdexcept>
#include <string>

#include "http/message.hpp"

using roi::api::CallContext;
using roi::api::Error;
using roi::api::ErrorCode;
using roi::api::InputSchema;
using roi::api::JsonWriter;
using roi::api::Procedure;
using roi::api::ProcedureRegistry;
using roi::api::ProcedureType;
using roi::api::TrpcEndpoint;
using roi::api::TrpcResult;
using roi::http::Request;

namespace {

std::string url_encode(const std::string& in) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class TrpcEndpointTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TrpcEndpointTest);
  CPPUNIT_TEST(query_returns_result_envelope);
  CPPUNIT_TEST(query_without_input_sees_null);
  CPPUNIT_TEST(absent_input_is_an_empty_object_when_every_field_is_optional);
  CPPUNIT_TEST(input_to_a_procedure_that_takes_none_is_bad_request);
  CPPUNIT_TEST(mutation_reads_json_body);
  CPPUNIT_TEST(unknown_procedure_is_not_found_with_path);
  CPPUNIT_TEST(query_sent_as_post_is_method_not_supported);
  CPPUNIT_TEST(mutation_sent_as_get_is_method_not_supported);
  CPPUNIT_TEST(other_http_method_is_method_not_supported);
  CPPUNIT_TEST(post_without_json_content_type_is_unsupported_media_type);
  CPPUNIT_TEST(json_content_type_with_charset_is_accepted);
  CPPUNIT_TEST(broken_json_is_parse_error);
  CPPUNIT_TEST(truncated_body_is_parse_error);
  CPPUNIT_TEST(invalid_utf8_is_parse_error);
  CPPUNIT_TEST(json_nested_100000_levels_is_parse_error);
  CPPUNIT_TEST(malformed_percent_encoding_is_parse_error);
  CPPUNIT_TEST(schema_violation_is_bad_request_naming_the_field);
  CPPUNIT_TEST(missing_required_field_is_named);
  CPPUNIT_TEST(integer_outside_int64_is_bad_request_naming_the_field);
  CPPUNIT_TEST(batch_answers_an_array_in_request_order);
  CPPUNIT_TEST(mixed_batch_is_multi_status);
  CPPUNIT_TEST(batch_with_one_common_error_uses_its_status);
  CPPUNIT_TEST(batch_input_that_is_not_an_object_is_bad_request);
  CPPUNIT_TEST(batch_slot_without_input_is_undefined);
  CPPUNIT_TEST(unknown_procedure_in_batch_fails_alone);
  CPPUNIT_TEST(batch_over_the_limit_is_refused);
  CPPUNIT_TEST(oversized_body_is_payload_too_large);
  CPPUNIT_TEST(handler_error_keeps_its_code_and_message);
  CPPUNIT_TEST(unexpected_exception_is_internal_error_without_detail);
  CPPUNIT_TEST(too_many_requests_sets_retry_after);
  CPPUNIT_TEST(head_request_is_no_content);
  CPPUNIT_TEST(echoed_path_is_valid_utf8);
  CPPUNIT_TEST(error_codes_match_trpc);
  CPPUNIT_TEST(batch_with_two_password_hashes_is_refused_before_any_runs);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    registry_ = std::make_unique<ProcedureRegistry>();
    registry_->add(
        Procedure{"demo.echo", ProcedureType::Query,
                  std::make_shared<InputSchema>(
                      R"({"type":"object","properties":{"name":{"type":"string","minLength":1},)"
                      R"("age":{"type":"integer","minimum":0}},"required":["name"]})"),
                  [](CallContext&, const rapidjson::Value& in, JsonWriter& out) {
                    out.StartObject();
                    out.Key("hello");
                    out.String(in["name"].GetString());
                    out.EndObject();
                  }});
    registry_->add(Procedure{"demo.input", ProcedureType::Query, nullptr,
                             [](CallContext&, const rapidjson::Value& in, JsonWriter& out) {
                               out.String(in.IsNull() ? "null" : "given");
                             }});
    registry_->add(Procedure{"demo.options", ProcedureType::Query,
                             std::make_shared<InputSchema>(
                                 R"({"type":"object","properties":{"limit":{"type":"integer"}},)"
                                 R"("additionalProperties":false})"),
                             [](CallContext&, const rapidjson::Value& in, JsonWriter& out) {
                               out.String(in.IsObject() ? "object" : "not an object");
                             }});
    registry_->add(Procedure{
        "demo.add", ProcedureType::Mutation,
        std::make_shared<InputSchema>(R"({"type":"object","required":["a","b"],"properties":)"
                                      R"({"a":{"type":"integer"},"b":{"type":"integer"}}})"),
        [](CallContext&, const rapidjson::Value& in, JsonWriter& out) {
          out.Int(in["a"].GetInt() + in["b"].GetInt());
        }});
    registry_->add(Procedure{"demo.conflict", ProcedureType::Query, nullptr,
                             [](CallContext&, const rapidjson::Value&, JsonWriter&) {
                               throw Error(ErrorCode::Conflict, "That email is taken");
                             }});
    registry_->add(Procedure{"demo.crash", ProcedureType::Query, nullptr,
                             [](CallContext&, const rapidjson::Value&, JsonWriter&) {
                               throw std::runtime_error("password=hunter2 in SELECT * FROM users");
                             }});
    registry_->add(
        Procedure{"demo.throttled", ProcedureType::Query, nullptr,
                  [](CallContext&, const rapidjson::Value&, JsonWriter&) {
                    throw Error(ErrorCode::TooManyRequests, "Slow down").with_retry_after(7);
                  }});
    registry_->add(Procedure{"demo.hash",
                             ProcedureType::Mutation,
                             nullptr,
                             [this](CallContext&, const rapidjson::Value&, JsonWriter& out) {
                               ++hashes_;
                               out.Bool(true);
                             },
                             roi::api::Access::Public,
                             "",
                             {},
                             {},
                             roi::api::Cost::PasswordHash});
    endpoint_ = std::make_unique<TrpcEndpoint>(*registry_, roi::api::TrpcLimits{3, 1024});
  }

  // No HTTP request buys more than one password hash: two in a batch run none of the batch.
  void batch_with_two_password_hashes_is_refused_before_any_runs() {
    auto refused = post("demo.hash,demo.add,demo.hash", R"({"1":{"a":1,"b":1}})",
                        "application/json", "batch=1");
    CPPUNIT_ASSERT_EQUAL(400, refused.response.status);
    assert_error(json(refused), "BAD_REQUEST", -32600, 400);
    CPPUNIT_ASSERT_EQUAL(0, hashes_);
    auto one = post("demo.hash,demo.add", R"({"1":{"a":1,"b":1}})", "application/json", "batch=1");
    CPPUNIT_ASSERT_EQUAL(std::string(R"([{"result":{"data":true}},{"result":{"data":2}}])"),
                         one.response.body);
    CPPUNIT_ASSERT_EQUAL(1, hashes_);
  }

  TrpcResult get(const std::string& paths, const std::string& query) {
    Request r;
    r.method = "GET";
    r.query = query;
    return endpoint_->handle(r, paths);
  }

  TrpcResult post(const std::string& paths, const std::string& body,
                  const std::string& content_type = "application/json",
                  const std::string& query = "") {
    Request r;
    r.method = "POST";
    r.query = query;
    r.content_type = content_type;
    r.body = body;
    return endpoint_->handle(r, paths);
  }

  static rapidjson::Document json(const TrpcResult& r) {
    rapidjson::Document d;
    d.Parse(r.response.body.c_str());
    CPPUNIT_ASSERT_MESSAGE("response is not JSON: " + r.response.body, !d.HasParseError());
    return d;
  }

  static void assert_error(const rapidjson::Value& env, const char* key, int rpc, int http) {
    CPPUNIT_ASSERT(env.HasMember("error"));
    const auto& e = env["error"];
    CPPUNIT_ASSERT_EQUAL(rpc, e["code"].GetInt());
    CPPUNIT_ASSERT_EQUAL(std::string(key), std::string(e["data"]["code"].GetString()));
    CPPUNIT_ASSERT_EQUAL(http, e["data"]["httpStatus"].GetInt());
    CPPUNIT_ASSERT(e["message"].IsString());
  }

  void query_returns_result_envelope() {
    auto r = get("demo.echo", "input=" + url_encode(R"({"name":"Ada"})"));
    CPPUNIT_ASSERT_EQUAL(200, r.response.status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"result":{"data":{"hello":"Ada"}}})"), r.response.body);
    CPPUNIT_ASSERT_EQUAL(std::string("application/json"),
                         std::string(r.response.headers[0].second));
  }

  void query_without_input_sees_null() {
    auto r = get("demo.input", "");
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"result":{"data":"null"}})"), r.response.body);
  }

  void absent_input_is_an_empty_object_when_every_field_is_optional() {
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"result":{"data":"object"}})"),
                         get("demo.options", "").response.body);
    auto batch = get("demo.options,demo.options", "batch=1&input=" + url_encode(R"({"1":null})"));
    CPPUNIT_ASSERT_EQUAL(
        std::string(R"([{"result":{"data":"object"}},{"result":{"data":"object"}}])"),
        batch.response.body);
    // Still checked: an undeclared field is refused.
    auto extra = get("demo.options", "input=" + url_encode(R"({"limt":3})"));
    assert_error(json(extra), "BAD_REQUEST", -32600, 400);
  }

  void input_to_a_procedure_that_takes_none_is_bad_request() {
    for (const char* given : {"[1,2]", "5", R"({"x":1})", "\"text\""}) {
      auto r = get("demo.input", "input=" + url_encode(given));
      CPPUNIT_ASSERT_EQUAL_MESSAGE(given, 400, r.response.status);
      auto d = json(r);
      CPPUNIT_ASSERT_EQUAL(std::string("input"),
                           std::string(d["error"]["data"]["field"].GetString()));
    }
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"result":{"data":"given"}})"),
                         get("demo.input", "input=" + url_encode("{}")).response.body);
  }

  void mutation_reads_json_body() {
    auto r = post("demo.add", R"({"a":2,"b":40})");
    CPPUNIT_ASSERT_EQUAL(200, r.response.status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"result":{"data":42}})"), r.response.body);
  }

  void unknown_procedure_is_not_found_with_path() {
    auto r = get("nope.nothing", "");
    CPPUNIT_ASSERT_EQUAL(404, r.response.status);
    auto d = json(r);
    assert_error(d, "NOT_FOUND", -32004, 404);
    CPPUNIT_ASSERT_EQUAL(std::string("nope.nothing"),
                         std::string(d["error"]["data"]["path"].GetString()));
    CPPUNIT_ASSERT_EQUAL(std::string("No procedure found on path \"nope.nothing\""),
                         std::string(d["error"]["message"].GetString()));
  }

  void query_sent_as_post_is_method_not_supported() {
    auto r = post("demo.input", "");
    CPPUNIT_ASSERT_EQUAL(405, r.response.status);
    assert_error(json(r), "METHOD_NOT_SUPPORTED", -32005, 405);
  }

  void mutation_sent_as_get_is_method_not_supported() {
    auto r = get("demo.add", "input=" + url_encode(R"({"a":1,"b":2})"));
    CPPUNIT_ASSERT_EQUAL(405, r.response.status);
    assert_error(json(r), "METHOD_NOT_SUPPORTED", -32005, 405);
  }

  void other_http_method_is_method_not_supported() {
    Request req;
    req.method = "DELETE";
    auto r = endpoint_->handle(req, "demo.input");
    CPPUNIT_ASSERT_EQUAL(405, r.response.status);
    assert_error(json(r), "METHOD_NOT_SUPPORTED", -32005, 405);
  }

  void post_without_json_content_type_is_unsupported_media_type() {
    auto r = post("demo.add", R"({"a":1,"b":2})", "text/plain");
    CPPUNIT_ASSERT_EQUAL(415, r.response.status);
    assert_error(json(r), "UNSUPPORTED_MEDIA_TYPE", -32015, 415);
    auto missing = post("demo.add", R"({"a":1,"b":2})", "");
    CPPUNIT_ASSERT_EQUAL(415, missing.response.status);
  }

  void json_content_type_with_charset_is_accepted() {
    auto r = post("demo.add", R"({"a":1,"b":2})", "Application/JSON; charset=utf-8");
    CPPUNIT_ASSERT_EQUAL(200, r.response.status);
  }

  void broken_json_is_parse_error() {
    auto r = post("demo.add", R"({"a":1,)");
    CPPUNIT_ASSERT_EQUAL(400, r.response.status);
    assert_error(json(r), "PARSE_ERROR", -32700, 400);
    auto q = get("demo.echo", "input=" + url_encode("{nope"));
    assert_error(json(q), "PARSE_ERROR", -32700, 400);
  }

  void truncated_body_is_parse_error() {
    auto r = post("demo.add", R"({"a":1,"b":2)");
    assert_error(json(r), "PARSE_ERROR", -32700, 400);
    auto trailing = post("demo.add", R"({"a":1,"b":2} {"again":1})");
    assert_error(json(trailing), "PARSE_ERROR", -32700, 400);
  }

  void invalid_utf8_is_parse_error() {
    auto r = post("demo.add", "{\"a\":\"\xC3\x28\"}");
    CPPUNIT_ASSERT_EQUAL(400, r.response.status);
    assert_error(json(r), "PARSE_ERROR", -32700, 400);
  }

  void json_nested_100000_levels_is_parse_error() {
    std::string deep(100000, '[');
    deep += std::string(100000, ']');
    auto r = post("demo.add", deep);
    CPPUNIT_ASSERT_EQUAL(400, r.response.status);
    assert_error(json(r), "PARSE_ERROR", -32700, 400);
  }

  void malformed_percent_encoding_is_parse_error() {
    auto r = get("demo.echo", "input=%7B%ZZ");
    assert_error(json(r), "PARSE_ERROR", -32700, 400);
  }

  void schema_violation_is_bad_request_naming_the_field() {
    auto r = get("demo.echo", "input=" + url_encode(R"({"name":"Ada","age":-1})"));
    CPPUNIT_ASSERT_EQUAL(400, r.response.status);
    auto d = json(r);
    assert_error(d, "BAD_REQUEST", -32600, 400);
    CPPUNIT_ASSERT_EQUAL(std::string("age"), std::string(d["error"]["data"]["field"].GetString()));
    const std::string message = d["error"]["message"].GetString();
    CPPUNIT_ASSERT_MESSAGE(message, message.find("age must be at least 0") != std::string::npos);
  }

  void missing_required_field_is_named() {
    auto r = get("demo.echo", "input=" + url_encode(R"({"age":3})"));
    auto d = json(r);
    assert_error(d, "BAD_REQUEST", -32600, 400);
    CPPUNIT_ASSERT_EQUAL(std::string("name"), std::string(d["error"]["data"]["field"].GetString()));
    auto none = get("demo.echo", "");
    assert_error(json(none), "BAD_REQUEST", -32600, 400);
  }

  void integer_outside_int64_is_bad_request_naming_the_field() {
    for (const char* age : {"9223372036854775808", "18446744073709551616", "1e300", "-1e19"}) {
      auto r = get("demo.echo",
                   "input=" + url_encode(std::string(R"({"name":"Ada","age":)") + age + "}"));
      auto d = json(r);
      assert_error(d, "BAD_REQUEST", -32600, 400);
      CPPUNIT_ASSERT_EQUAL(std::string("age"),
                           std::string(d["error"]["data"]["field"].GetString()));
    }
    auto nested = post("demo.add", R"({"a":1,"b":9223372036854775808})");
    auto d = json(nested);
    assert_error(d, "BAD_REQUEST", -32600, 400);
    CPPUNIT_ASSERT_EQUAL(std::string("b"), std::string(d["error"]["data"]["field"].GetString()));
    auto edge =
        get("demo.echo", "input=" + url_encode(R"({"name":"Ada","age":9223372036854775807})"));
    CPPUNIT_ASSERT_EQUAL(200, edge.response.status);
  }

  void batch_answers_an_array_in_request_order() {
    auto r = get("demo.echo,demo.input,demo.echo",
                 "batch=1&input=" + url_encode(R"({"0":{"name":"A"},"1":{},"2":{"name":"C"}})"));
    CPPUNIT_ASSERT_EQUAL(200, r.response.status);
    CPPUNIT_ASSERT_EQUAL(
        std::string(R"([{"result":{"data":{"hello":"A"}}},{"result":{"data":"given"}},)"
                    R"({"result":{"data":{"hello":"C"}}}])"),
        r.response.body);
    auto m = post("demo.add,demo.add", R"({"0":{"a":1,"b":1},"1":{"a":2,"b":2}})",
                  "application/json", "batch=1");
    CPPUNIT_ASSERT_EQUAL(std::string(R"([{"result":{"data":2}},{"result":{"data":4}}])"),
                         m.response.body);
  }

  void mixed_batch_is_multi_status() {
    auto r = get("demo.echo,demo.conflict", "batch=1&input=" + url_encode(R"({"0":{"name":"A"}})"));
    CPPUNIT_ASSERT_EQUAL(207, r.response.status);
    auto d = json(r);
    CPPUNIT_ASSERT(d.IsArray());
    CPPUNIT_ASSERT(d[0].HasMember("result"));
    assert_error(d[1], "CONFLICT", -32009, 409);
    CPPUNIT_ASSERT_EQUAL(std::string("demo.conflict"),
                         std::string(d[1]["error"]["data"]["path"].GetString()));
  }

  void batch_with_one_common_error_uses_its_status() {
    auto r = get("demo.conflict,demo.conflict", "batch=1");
    CPPUNIT_ASSERT_EQUAL(409, r.response.status);
    CPPUNIT_ASSERT(json(r).IsArray());
  }

  void batch_input_that_is_not_an_object_is_bad_request() {
    auto r = get("demo.input,demo.input", "batch=1&input=" + url_encode("[1,2]"));
    CPPUNIT_ASSERT_EQUAL(400, r.response.status);
    auto d = json(r);
    CPPUNIT_ASSERT(d.IsObject());  // one envelope for the whole request: the client copies it
    assert_error(d, "BAD_REQUEST", -32600, 400);
    CPPUNIT_ASSERT_EQUAL(std::string("\"input\" needs to be an object when doing a batch call"),
                         std::string(d["error"]["message"].GetString()));
  }

  void batch_slot_without_input_is_undefined() {
    auto r = get("demo.input,demo.input", "batch=1&input=" + url_encode(R"({"1":{}})"));
    CPPUNIT_ASSERT_EQUAL(std::string(R"([{"result":{"data":"null"}},{"result":{"data":"given"}}])"),
                         r.response.body);
  }

  void unknown_procedure_in_batch_fails_alone() {
    auto r = get("demo.input,missing.proc", "batch=1");
    CPPUNIT_ASSERT_EQUAL(207, r.response.status);
    auto d = json(r);
    CPPUNIT_ASSERT(d[0].HasMember("result"));
    assert_error(d[1], "NOT_FOUND", -32004, 404);
  }

  void batch_over_the_limit_is_refused() {
    auto r = get("demo.input,demo.input,demo.input,demo.input", "batch=1");
    CPPUNIT_ASSERT_EQUAL(400, r.response.status);
    assert_error(json(r), "BAD_REQUEST", -32600, 400);
  }

  void oversized_body_is_payload_too_large() {
    Request req;
    req.method = "POST";
    req.content_type = "application/json";
    req.body_too_large = true;
    auto r = endpoint_->handle(req, "demo.add");
    CPPUNIT_ASSERT_EQUAL(413, r.response.status);
    assert_error(json(r), "PAYLOAD_TOO_LARGE", -32013, 413);
  }

  void handler_error_keeps_its_code_and_message() {
    auto r = get("demo.conflict", "");
    CPPUNIT_ASSERT_EQUAL(409, r.response.status);
    auto d = json(r);
    assert_error(d, "CONFLICT", -32009, 409);
    CPPUNIT_ASSERT_EQUAL(std::string("That email is taken"),
                         std::string(d["error"]["message"].GetString()));
    CPPUNIT_ASSERT_EQUAL(std::string("demo.conflict"),
                         std::string(d["error"]["data"]["path"].GetString()));
  }

  void unexpected_exception_is_internal_error_without_detail() {
    auto r = get("demo.crash", "");
    CPPUNIT_ASSERT_EQUAL(500, r.response.status);
    assert_error(json(r), "INTERNAL_SERVER_ERROR", -32603, 500);
    CPPUNIT_ASSERT(r.response.body.find("hunter2") == std::string::npos);
    CPPUNIT_ASSERT(r.response.body.find("SELECT") == std::string::npos);
    CPPUNIT_ASSERT(r.calls[0].error.has_value());
  }

  void too_many_requests_sets_retry_after() {
    auto r = get("demo.throttled", "");
    CPPUNIT_ASSERT_EQUAL(429, r.response.status);
    assert_error(json(r), "TOO_MANY_REQUESTS", -32029, 429);
    bool found = false;
    for (const auto& [k, v] : r.response.headers) found |= (k == "Retry-After" && v == "7");
    CPPUNIT_ASSERT(found);
  }

  void head_request_is_no_content() {
    Request req;
    req.method = "HEAD";
    auto r = endpoint_->handle(req, "demo.input");
    CPPUNIT_ASSERT_EQUAL(204, r.response.status);
    CPPUNIT_ASSERT(r.response.body.empty());
  }

  void echoed_path_is_valid_utf8() {
    auto r = get(std::string("bad\xFF\xFEpath\x01"), "");
    auto d = json(r);  // would fail to parse if the raw bytes were echoed
    assert_error(d, "NOT_FOUND", -32004, 404);
  }

  void error_codes_match_trpc() {
    struct Expect {
      ErrorCode code;
      const char* key;
      int rpc;
      int http;
    };
    const Expect table[] = {
        {ErrorCode::ParseError, "PARSE_ERROR", -32700, 400},
        {ErrorCode::BadRequest, "BAD_REQUEST", -32600, 400},
        {ErrorCode::InternalServerError, "INTERNAL_SERVER_ERROR", -32603, 500},
        {ErrorCode::NotImplemented, "NOT_IMPLEMENTED", -32603, 501},
        {ErrorCode::BadGateway, "BAD_GATEWAY", -32603, 502},
        {ErrorCode::ServiceUnavailable, "SERVICE_UNAVAILABLE", -32603, 503},
        {ErrorCode::GatewayTimeout, "GATEWAY_TIMEOUT", -32603, 504},
        {ErrorCode::Unauthorized, "UNAUTHORIZED", -32001, 401},
        {ErrorCode::PaymentRequired, "PAYMENT_REQUIRED", -32002, 402},
        {ErrorCode::Forbidden, "FORBIDDEN", -32003, 403},
        {ErrorCode::NotFound, "NOT_FOUND", -32004, 404},
        {ErrorCode::MethodNotSupported, "METHOD_NOT_SUPPORTED", -32005, 405},
        {ErrorCode::Timeout, "TIMEOUT", -32008, 408},
        {ErrorCode::Conflict, "CONFLICT", -32009, 409},
        {ErrorCode::PreconditionFailed, "PRECONDITION_FAILED", -32012, 412},
        {ErrorCode::PayloadTooLarge, "PAYLOAD_TOO_LARGE", -32013, 413},
        {ErrorCode::UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", -32015, 415},
        {ErrorCode::UnprocessableContent, "UNPROCESSABLE_CONTENT", -32022, 422},
        {ErrorCode::PreconditionRequired, "PRECONDITION_REQUIRED", -32028, 428},
        {ErrorCode::TooManyRequests, "TOO_MANY_REQUESTS", -32029, 429},
        {ErrorCode::ClientClosedRequest, "CLIENT_CLOSED_REQUEST", -32099, 499},
    };
    CPPUNIT_ASSERT_EQUAL(roi::api::kErrorCodeCount, std::size(table));
    for (const auto& e : table) {
      const auto envelope = roi::api::error_envelope(Error(e.code, "m"), "p");
      rapidjson::Document d;
      d.Parse(envelope.c_str());
      assert_error(d, e.key, e.rpc, e.http);
    }
  }

 private:
  std::unique_ptr<ProcedureRegistry> registry_;
  int hashes_ = 0;
  std::unique_ptr<TrpcEndpoint> endpoint_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TrpcEndpointTest);

}  // namespace

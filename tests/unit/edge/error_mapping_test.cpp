// The API edge: the store's and the loader's own errors become the api::Error a caller sees, at
// the tRPC endpoint too (a handler's store::Error is the 503 with Retry-After it always was).
#include "edge/error_mapping.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "api/trpc_endpoint.hpp"
#include "plugins/call_error.hpp"
#include "store/error.hpp"

using namespace roi;
using api::ErrorCode;

namespace {

api::Error translated(const std::exception& e) {
  auto out = edge::translate(e);
  CPPUNIT_ASSERT(out.has_value());
  return *out;
}

std::string data_of(const api::Error& e, const std::string& key) {
  for (const auto& [k, v] : e.data()) {
    if (k == key) return v;
  }
  return "";
}

class ErrorMappingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ErrorMappingTest);
  CPPUNIT_TEST(store_errors_by_kind);
  CPPUNIT_TEST(call_errors_by_kind);
  CPPUNIT_TEST(other_exceptions_are_not_translated);
  CPPUNIT_TEST(call_error_codes_cover_every_kind);
  CPPUNIT_TEST(endpoint_answers_a_handlers_store_error_as_unavailable);
  CPPUNIT_TEST_SUITE_END();

 public:
  void store_errors_by_kind() {
    const auto busy = translated(store::Error(store::Error::Kind::Busy, "pool exhausted"));
    CPPUNIT_ASSERT(busy.code() == ErrorCode::ServiceUnavailable);
    CPPUNIT_ASSERT_EQUAL(std::string("The service is busy, please retry in a moment"),
                         std::string(busy.what()));
    CPPUNIT_ASSERT_EQUAL(std::string("pool exhausted"), busy.detail());
    CPPUNIT_ASSERT(!busy.retry_after_s());

    const auto down = translated(store::Error(store::Error::Kind::Unavailable, "lost", 1));
    CPPUNIT_ASSERT(down.code() == ErrorCode::ServiceUnavailable);
    CPPUNIT_ASSERT_EQUAL(std::string("The database is unavailable, please retry in a moment"),
                         std::string(down.what()));
    CPPUNIT_ASSERT_EQUAL(1, down.retry_after_s().value_or(0));

    const auto failed = translated(store::Error(store::Error::Kind::Failed, "users.find"));
    CPPUNIT_ASSERT(failed.code() == ErrorCode::InternalServerError);
    CPPUNIT_ASSERT_EQUAL(std::string("Internal server error"), std::string(failed.what()));
    CPPUNIT_ASSERT_EQUAL(std::string("users.find"), failed.detail());
  }

  void call_errors_by_kind() {
    using Kind = plugins::CallError::Kind;
    const auto limited = translated(plugins::CallError(
        Kind::RateLimited, "acme", "429 from the API", std::chrono::seconds(30)));
    CPPUNIT_ASSERT(limited.code() == ErrorCode::TooManyRequests);
    CPPUNIT_ASSERT_EQUAL(std::string("The acme connector is rate limited by the platform"),
                         std::string(limited.what()));
    CPPUNIT_ASSERT_EQUAL(std::string("acme: 429 from the API"), limited.detail());
    CPPUNIT_ASSERT_EQUAL(std::string("acme"), data_of(limited, "connector"));
    CPPUNIT_ASSERT_EQUAL(30, limited.retry_after_s().value_or(0));

    CPPUNIT_ASSERT(translated(plugins::CallError(Kind::Timeout, "acme", "")).code() ==
                   ErrorCode::GatewayTimeout);
    CPPUNIT_ASSERT(translated(plugins::CallError(Kind::Unavailable, "acme", "")).code() ==
                   ErrorCode::NotFound);
    const auto reauth = translated(plugins::CallError(Kind::NeedsReauth, "acme", "401"));
    CPPUNIT_ASSERT(reauth.code() == ErrorCode::PreconditionFailed);
    CPPUNIT_ASSERT(!reauth.retry_after_s());
  }

  void other_exceptions_are_not_translated() {
    CPPUNIT_ASSERT(!edge::translate(std::runtime_error("something else")));
  }

  void call_error_codes_cover_every_kind() {
    const auto codes = edge::call_error_codes({ErrorCode::Forbidden});
    CPPUNIT_ASSERT(codes.front() == ErrorCode::Forbidden);
    for (std::size_t i = 0; i < plugins::CallError::kKindCount; ++i) {
      const auto code =
          translated(plugins::CallError(static_cast<plugins::CallError::Kind>(i), "acme", "x"))
              .code();
      CPPUNIT_ASSERT(std::find(codes.begin(), codes.end(), code) != codes.end());
    }
  }

  void endpoint_answers_a_handlers_store_error_as_unavailable() {
    api::ProcedureRegistry registry;
    registry.add({"db.read", api::ProcedureType::Query, nullptr,
                  [](api::CallContext&, const rapidjson::Value&, api::JsonWriter&) {
                    throw store::Error(store::Error::Kind::Unavailable, "connection lost", 1);
                  }});
    http::Request request;
    request.method = "GET";

    const api::TrpcEndpoint translating(registry, {}, nullptr, edge::translate);
    const auto result = translating.handle(request, "db.read");
    CPPUNIT_ASSERT_EQUAL(503, result.response.status);
    CPPUNIT_ASSERT(result.response.body.find("\"SERVICE_UNAVAILABLE\"") != std::string::npos);
    const auto& headers = result.response.headers;
    CPPUNIT_ASSERT(std::find(headers.begin(), headers.end(),
                             http::Headers::value_type{"Retry-After", "1"}) != headers.end());
    CPPUNIT_ASSERT_EQUAL(std::string("connection lost"), result.calls.at(0).detail);

    const api::TrpcEndpoint plain(registry, {});
    CPPUNIT_ASSERT_EQUAL(500, plain.handle(request, "db.read").response.status);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ErrorMappingTest);

}  // namespace

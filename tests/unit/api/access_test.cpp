// Protected procedures: the endpoint asks the authenticator before the handler runs; without a
// user the call is UNAUTHORIZED and the handler never runs, even inside a batch.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "api/authenticator.hpp"
#include "api/trpc_endpoint.hpp"

using namespace roi::api;
using roi::http::Request;

namespace {

// Admits requests that carry "authorization: let-me-in" as user 9.
class FakeAuthenticator final : public Authenticator {
 public:
  std::optional<AuthenticatedUser> authenticate(const Request& r) const override {
    ++asked;
    if (r.header("authorization") != "let-me-in") return std::nullopt;
    return AuthenticatedUser{9, "s"};
  }
  mutable int asked = 0;  // each ask is a token check and a session read in production
};

struct Fixture {
  ProcedureRegistry registry;
  int handler_runs = 0;
  Fixture() {
    registry.add({"secret.get", ProcedureType::Query, nullptr,
                  [this](CallContext& ctx, const rapidjson::Value&, JsonWriter& out) {
                    ++handler_runs;
                    out.Int64(ctx.current_user().id);
                  },
                  Access::User});
    registry.add({"open.get", ProcedureType::Query, nullptr,
                  [](CallContext& ctx, const rapidjson::Value&, JsonWriter& out) {
                    out.Bool(ctx.user.has_value());
                  }});
  }
};

Request get(const std::string& query, bool signed_in) {
  Request r;
  r.method = "GET";
  r.query = query;
  if (signed_in) r.headers = {{"authorization", "let-me-in"}};
  return r;
}

class AccessTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AccessTest);
  CPPUNIT_TEST(protected_call_without_user_is_unauthorized_and_handler_does_not_run);
  CPPUNIT_TEST(protected_call_with_user_sees_that_user);
  CPPUNIT_TEST(protected_call_without_authenticator_is_unauthorized);
  CPPUNIT_TEST(public_procedure_runs_without_asking_for_a_user);
  CPPUNIT_TEST(batch_refuses_only_the_protected_call);
  CPPUNIT_TEST(batch_of_protected_calls_asks_for_the_caller_once);
  CPPUNIT_TEST_SUITE_END();

 public:
  void protected_call_without_user_is_unauthorized_and_handler_does_not_run() {
    Fixture f;
    FakeAuthenticator auth;
    TrpcEndpoint endpoint(f.registry, {}, &auth);
    auto result = endpoint.handle(get("", false), "secret.get");
    CPPUNIT_ASSERT_EQUAL(401, result.response.status);
    CPPUNIT_ASSERT(result.response.body.find("\"UNAUTHORIZED\"") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(0, f.handler_runs);
  }

  void protected_call_with_user_sees_that_user() {
    Fixture f;
    FakeAuthenticator auth;
    TrpcEndpoint endpoint(f.registry, {}, &auth);
    auto result = endpoint.handle(get("", true), "secret.get");
    CPPUNIT_ASSERT_EQUAL(200, result.response.status);
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"result":{"data":9}})"), result.response.body);
  }

  void protected_call_without_authenticator_is_unauthorized() {
    Fixture f;
    TrpcEndpoint endpoint(f.registry, {});
    CPPUNIT_ASSERT_EQUAL(401, endpoint.handle(get("", true), "secret.get").response.status);
    CPPUNIT_ASSERT_EQUAL(0, f.handler_runs);
  }

  void public_procedure_runs_without_asking_for_a_user() {
    Fixture f;
    FakeAuthenticator auth;
    TrpcEndpoint endpoint(f.registry, {}, &auth);
    auto result = endpoint.handle(get("", true), "open.get");
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"result":{"data":false}})"), result.response.body);
  }

  void batch_refuses_only_the_protected_call() {
    Fixture f;
    FakeAuthenticator auth;
    TrpcEndpoint endpoint(f.registry, {}, &auth);
    auto result = endpoint.handle(get("batch=1", false), "open.get,secret.get");
    CPPUNIT_ASSERT_EQUAL(207, result.response.status);
    CPPUNIT_ASSERT(result.response.body.find("\"UNAUTHORIZED\"") != std::string::npos);
    CPPUNIT_ASSERT_EQUAL(0, f.handler_runs);
  }

  void batch_of_protected_calls_asks_for_the_caller_once() {
    Fixture f;
    FakeAuthenticator auth;
    TrpcEndpoint endpoint(f.registry, {}, &auth);
    auto result =
        endpoint.handle(get("batch=1", true), "secret.get,open.get,secret.get,secret.get");
    CPPUNIT_ASSERT_EQUAL(200, result.response.status);
    CPPUNIT_ASSERT_EQUAL(3, f.handler_runs);
    CPPUNIT_ASSERT_EQUAL(1, auth.asked);
    endpoint.handle(get("", true), "open.get");
    CPPUNIT_ASSERT_EQUAL(1, auth.asked);  // a public call never asks
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccessTest);

}  // namespace

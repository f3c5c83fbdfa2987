// What the Stripe connector reads from Stripe's recorded answers, through its own client: a
// form-encoded POST with the secret key and API version, a checkout session's url, and Stripe's
// error envelope mapped to the SDK's kinds (its type and code in the message, never its text).
#include <cppunit/extensions/HelperMacros.h>

#include <roi/sdk/errors.hpp>
#include <stripe/stripe_api.hpp>

#include "support/scripted_host.hpp"
#include "unit/connectors/recorded_reply.hpp"

using namespace roi;
using testing::answer;
using testing::ScriptedHost;

namespace {

std::string reply(const std::string& name) { return testing::recorded_reply("stripe", name); }

const std::map<std::string, std::string> kSettings = {{"secret_key", "sk_test_unit"},
                                                      {"api_base", "https://api.stripe.test"},
                                                      {"api_version", "2025-03-31.basil"}};

sdk::ConnectorError checkout_error(std::string_view answer_text) {
  ScriptedHost host({answer_text}, kSettings);
  stripe::StripeApi api(host);
  return testing::error_of([&] {
    api.post("checkout/sessions", {{"mode", "subscription"}}, "start checkout");
  });
}

class StripeRepliesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StripeRepliesTest);
  CPPUNIT_TEST(checkout_session_url_is_read_from_the_answer);
  CPPUNIT_TEST(requests_carry_the_key_version_and_form);
  CPPUNIT_TEST(an_answer_without_the_member_is_permanent);
  CPPUNIT_TEST(refusal_names_stripe_type_and_code_but_not_its_message);
  CPPUNIT_TEST(rejected_key_needs_reauth);
  CPPUNIT_TEST(rate_limit_waits_for_retry_after);
  CPPUNIT_TEST(server_error_is_transient);
  CPPUNIT_TEST_SUITE_END();

 public:
  void checkout_session_url_is_read_from_the_answer() {
    const auto session = answer(200, reply("checkout_session.json"));
    ScriptedHost host({session}, kSettings);
    stripe::StripeApi api(host);
    const auto body = api.post("checkout/sessions", {{"mode", "subscription"}}, "start checkout");
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "https://checkout.stripe.com/c/pay/cs_test_a1b2c3#fidkdWxOYHwnPyd1blpxYHZxWjA0"),
        stripe::json_string(body, "url", "start checkout"));
    CPPUNIT_ASSERT_EQUAL(std::string("cs_test_a1b2c3"),
                         stripe::json_string(body, "id", "start checkout"));
  }

  void requests_carry_the_key_version_and_form() {
    const auto session = answer(200, reply("checkout_session.json"));
    ScriptedHost host({session}, kSettings);
    stripe::StripeApi(host).post("checkout/sessions",
                                 {{"mode", "subscription"}, {"metadata[plan]", "pro"}},
                                 "start checkout");
    const auto& request = host.requests().at(0);
    CPPUNIT_ASSERT_EQUAL(std::string("POST"), request.method);
    CPPUNIT_ASSERT_EQUAL(std::string("https://api.stripe.test/v1/checkout/sessions"), request.url);
    CPPUNIT_ASSERT_EQUAL(std::string("mode=subscription&metadata%5Bplan%5D=pro"), request.body);
    CPPUNIT_ASSERT(testing::request_header(request, "Authorization") ==
                   std::optional<std::string>("Bearer sk_test_unit"));
    CPPUNIT_ASSERT(testing::request_header(request, "Stripe-Version") ==
                   std::optional<std::string>("2025-03-31.basil"));
  }

  void an_answer_without_the_member_is_permanent() {
    const auto e =
        testing::error_of([] { stripe::json_string(R"({"url":12})", "url", "start checkout"); });
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::Permanent);
  }

  void refusal_names_stripe_type_and_code_but_not_its_message() {
    const auto e = checkout_error(answer(400, reply("no_such_price.json")));
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::Permanent);
    const std::string message = e.what();
    CPPUNIT_ASSERT(message.find("(invalid_request_error, resource_missing)") != std::string::npos);
    CPPUNIT_ASSERT(message.find("price_missing") == std::string::npos);
  }

  void rejected_key_needs_reauth() {
    const auto e = checkout_error(answer(401, reply("invalid_api_key.json")));
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::NeedsReauth);
  }

  void rate_limit_waits_for_retry_after() {
    const auto e = checkout_error(answer(429, reply("rate_limit.json"), "retry-after: 2"));
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::RateLimited);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, static_cast<std::int64_t>(e.retry_after().count()));
  }

  void server_error_is_transient() {
    const auto e = checkout_error(answer(500, "<html>Internal Server Error</html>"));
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::Transient);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StripeRepliesTest);

}  // namespace

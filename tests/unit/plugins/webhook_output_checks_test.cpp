// Webhook events and handshake answers are a connector's output, hostile like any: an event must
// carry what its action needs, an order must belong to the account its event names, and a
// handshake answer echoed to the caller must be plain text.
#include <cppunit/extensions/HelperMacros.h>

#include "connector/output_checks.hpp"

namespace {

using namespace roi;
using sdk::WebhookAction;

sdk::WebhookEvent order_event(const std::string& order_account) {
  sdk::WebhookEvent e{"wh-1", "orders/create", "shop-a"};
  e.action = WebhookAction::OrderUpserted;
  sdk::Order o;
  o.account_id = order_account;
  o.id = "1001";
  o.placed_at = std::chrono::sys_seconds(std::chrono::seconds(1700000000));
  o.total = {12'340'000, "USD"};
  e.order = o;
  return e;
}

std::string problem(const sdk::WebhookEvent& e) {
  return plugins::check(std::vector{e}).value_or("accepted");
}

class WebhookOutputChecksTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WebhookOutputChecksTest);
  CPPUNIT_TEST(accepts_events_carrying_what_their_action_needs);
  CPPUNIT_TEST(refuses_an_order_event_without_its_order_or_for_another_account);
  CPPUNIT_TEST(refuses_account_actions_without_an_account);
  CPPUNIT_TEST(refuses_a_subscription_event_without_its_subscription);
  CPPUNIT_TEST(refuses_handshake_answers_that_are_not_plain_text);
  CPPUNIT_TEST(refuses_webhook_events_the_store_cannot_order);
  CPPUNIT_TEST_SUITE_END();

 public:
  void accepts_events_carrying_what_their_action_needs() {
    CPPUNIT_ASSERT_EQUAL(std::string("accepted"), problem(order_event("shop-a")));
    sdk::WebhookEvent sub{"evt_1", "customer.subscription.updated", ""};
    sub.action = WebhookAction::SubscriptionChanged;
    sub.subscription = sdk::SubscriptionChange{"sub_1", "cus_1", "42"};
    sub.occurred_at = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
    CPPUNIT_ASSERT_EQUAL(std::string("accepted"), problem(sub));
    CPPUNIT_ASSERT_EQUAL(std::string("accepted"), problem({"evt_2", "invoice.paid", ""}));
  }

  void refuses_an_order_event_without_its_order_or_for_another_account() {
    CPPUNIT_ASSERT(problem(order_event("shop-b")).find("another account") != std::string::npos);
    auto missing = order_event("shop-a");
    missing.order.reset();
    CPPUNIT_ASSERT(problem(missing).find("no order") != std::string::npos);
    auto bad = order_event("shop-a");
    bad.order->total.currency = "usd";
    CPPUNIT_ASSERT(problem(bad).find("currency") != std::string::npos);
  }

  void refuses_account_actions_without_an_account() {
    for (auto action : {WebhookAction::OrderDeleted, WebhookAction::CustomerRedacted,
                        WebhookAction::AccountRedacted, WebhookAction::AccountDisconnected}) {
      sdk::WebhookEvent e{"wh-2", "shop/redact", ""};
      e.action = action;
      CPPUNIT_ASSERT(problem(e).find("no account") != std::string::npos);
    }
  }

  void refuses_a_subscription_event_without_its_subscription() {
    sdk::WebhookEvent e{"evt_3", "customer.subscription.deleted", ""};
    e.action = WebhookAction::SubscriptionChanged;
    CPPUNIT_ASSERT(problem(e).find("no subscription") != std::string::npos);
    e.subscription = sdk::SubscriptionChange{""};
    CPPUNIT_ASSERT(problem(e).find("subscription id") != std::string::npos);
  }

  void refuses_handshake_answers_that_are_not_plain_text() {
    CPPUNIT_ASSERT(!plugins::check(std::optional<std::string>("1158201444")));
    CPPUNIT_ASSERT(!plugins::check(std::optional<std::string>()));
    CPPUNIT_ASSERT(plugins::check(std::optional<std::string>("1\r\nSet-Cookie: x=1")));
    CPPUNIT_ASSERT(plugins::check(std::optional<std::string>("")));
    CPPUNIT_ASSERT(plugins::check(std::optional<std::string>(std::string(2000, '1'))));
  }

  void refuses_webhook_events_the_store_cannot_order() {
    sdk::WebhookEvent e{"evt_1", "customer.subscription.updated", "",
                        sdk::WebhookAction::SubscriptionChanged};
    e.subscription = sdk::SubscriptionChange{"sub_1"};
    CPPUNIT_ASSERT_EQUAL(std::string("subscription event carries no time"), problem(e));
    e.occurred_at = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
    CPPUNIT_ASSERT_EQUAL(std::string("accepted"), problem(e));
    e.sequence = 40000;
    CPPUNIT_ASSERT_EQUAL(std::string("event sequence is outside 0-32767"), problem(e));
    e.sequence = 1;
    e.occurred_at = std::chrono::sys_seconds{std::chrono::seconds{-1}};
    CPPUNIT_ASSERT_EQUAL(std::string("event time is outside 1970-9999"), problem(e));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WebhookOutputChecksTest);

}  // namespace

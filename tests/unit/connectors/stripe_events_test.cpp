// What the Stripe connector reads from its events: the user and plan from our metadata, the
// period end from the items (basil and later) or the subscription (older), the lifecycle step
// that orders events of the same second; other types and non-subscription checkouts change
// nothing, and a body that is no event is refused.
#include "stripe/stripe_events.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <roi/sdk/errors.hpp>

using namespace roi;
using sdk::SubscriptionStatus;
using sdk::WebhookAction;

namespace {

std::string event(const std::string& type, const std::string& object) {
  return R"({"id":"evt_1","object":"event","created":1700000100,"type":")" + type +
         R"(","data":{"object":)" + object + "}}";
}

const std::string kSubscription =
    R"({"id":"sub_1","object":"subscription","customer":"cus_1","status":"active",)"
    R"("cancel_at_period_end":true,"metadata":{"user_id":"42","plan":"pro"},)"
    R"("items":{"object":"list","data":[{"id":"si_1","current_period_end":1702592100}]}})";

std::int64_t seconds(const std::optional<std::chrono::sys_seconds>& t) {
  return t ? t->time_since_epoch().count() : 0;
}

class StripeEventsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StripeEventsTest);
  CPPUNIT_TEST(subscription_update_carries_user_plan_status_and_period_end);
  CPPUNIT_TEST(older_api_versions_put_period_end_on_the_subscription);
  CPPUNIT_TEST(later_lifecycle_events_rank_higher);
  CPPUNIT_TEST(paid_checkout_links_user_customer_and_subscription);
  CPPUNIT_TEST(payment_mode_checkout_and_unknown_types_change_nothing);
  CPPUNIT_TEST(body_without_id_or_type_is_refused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void subscription_update_carries_user_plan_status_and_period_end() {
    const auto e = stripe::read_event(event("customer.subscription.updated", kSubscription));
    CPPUNIT_ASSERT_EQUAL(std::string("evt_1"), e.id);
    CPPUNIT_ASSERT_EQUAL(std::string("customer.subscription.updated"), e.type);
    CPPUNIT_ASSERT(e.action == WebhookAction::SubscriptionChanged && e.subscription);
    const auto& c = *e.subscription;
    CPPUNIT_ASSERT_EQUAL(std::string("42"), c.customer_reference);
    CPPUNIT_ASSERT_EQUAL(std::string("pro"), c.plan.value_or(""));
    CPPUNIT_ASSERT(c.status == SubscriptionStatus::Active);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1702592100}, seconds(c.period_end));
    CPPUNIT_ASSERT(c.cancel_at_period_end.value_or(false));
    CPPUNIT_ASSERT_EQUAL(std::string("sub_1"), c.subscription_id);
    CPPUNIT_ASSERT_EQUAL(std::string("cus_1"), c.customer_id);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1700000100}, seconds(e.occurred_at));
  }

  void older_api_versions_put_period_end_on_the_subscription() {
    const auto e = stripe::read_event(event(
        "customer.subscription.created",
        R"({"id":"sub_2","customer":"cus_1","status":"trialing","current_period_end":1702000000})"));
    CPPUNIT_ASSERT(e.subscription);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1702000000}, seconds(e.subscription->period_end));
    CPPUNIT_ASSERT(e.subscription->status == SubscriptionStatus::Trialing);
    CPPUNIT_ASSERT(e.subscription->customer_reference.empty());
  }

  void later_lifecycle_events_rank_higher() {
    const auto created = stripe::read_event(event("customer.subscription.created", kSubscription));
    const auto updated = stripe::read_event(event("customer.subscription.updated", kSubscription));
    const auto deleted = stripe::read_event(event("customer.subscription.deleted", kSubscription));
    CPPUNIT_ASSERT(created.sequence < updated.sequence && updated.sequence < deleted.sequence);
  }

  void paid_checkout_links_user_customer_and_subscription() {
    const auto e = stripe::read_event(event(
        "checkout.session.completed",
        R"({"id":"cs_1","object":"checkout.session","mode":"subscription","payment_status":"paid",)"
        R"("client_reference_id":"7","customer":"cus_9","subscription":"sub_9","metadata":{"plan":"starter"}})"));
    CPPUNIT_ASSERT(e.subscription);
    CPPUNIT_ASSERT_EQUAL(std::string("7"), e.subscription->customer_reference);
    CPPUNIT_ASSERT_EQUAL(std::string("cus_9"), e.subscription->customer_id);
    CPPUNIT_ASSERT_EQUAL(std::string("sub_9"), e.subscription->subscription_id);
    CPPUNIT_ASSERT_EQUAL(std::string("starter"), e.subscription->plan.value_or(""));
    CPPUNIT_ASSERT(e.subscription->status == SubscriptionStatus::Active);
  }

  void payment_mode_checkout_and_unknown_types_change_nothing() {
    for (const auto& body :
         {event("checkout.session.completed",
                R"({"id":"cs_1","mode":"payment","subscription":"sub_1"})"),
          event("invoice.paid", R"({"id":"in_1","subscription":"sub_1"})"),
          event("customer.subscription.updated", R"({"id":"sub_1","status":"no-such-status"})"),
          std::string(R"({"id":"evt_2","type":"customer.subscription.updated"})")}) {
      const auto e = stripe::read_event(body);
      CPPUNIT_ASSERT_MESSAGE(body, e.action == WebhookAction::None && !e.subscription);
    }
  }

  void body_without_id_or_type_is_refused() {
    for (const char* body :
         {"not json", "[]", R"({"type":"invoice.paid"})", R"({"id":"","type":"x"})"}) {
      CPPUNIT_ASSERT_THROW_MESSAGE(body, stripe::read_event(body), sdk::ConnectorError);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StripeEventsTest);

}  // namespace

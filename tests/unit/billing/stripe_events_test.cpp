// What Stripe events say about a subscription: the user and plan from our metadata, the period
// end from the items (basil and later) or the subscription (older), the lifecycle rank that
// orders events of the same second; other types and non-subscription checkouts say nothing.
#include "modules/billing/stripe_events.hpp"

#include <cppunit/extensions/HelperMacros.h>

using namespace roi::modules::billing;

namespace {

std::string event(const std::string& type, const std::string& object) {
  return R"({"id":"evt_1","object":"event","created":1700000100,"type":")" + type +
         R"(","data":{"object":)" + object + "}}";
}

const std::string kSubscription =
    R"({"id":"sub_1","object":"subscription","customer":"cus_1","status":"active",)"
    R"("cancel_at_period_end":true,"metadata":{"user_id":"42","plan":"pro"},)"
    R"("items":{"object":"list","data":[{"id":"si_1","current_period_end":1702592100}]}})";

class StripeEventsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(StripeEventsTest);
  CPPUNIT_TEST(subscription_update_carries_user_plan_status_and_period_end);
  CPPUNIT_TEST(older_api_versions_put_period_end_on_the_subscription);
  CPPUNIT_TEST(later_lifecycle_events_rank_higher);
  CPPUNIT_TEST(paid_checkout_links_user_customer_and_subscription);
  CPPUNIT_TEST(payment_mode_checkout_and_unknown_types_say_nothing);
  CPPUNIT_TEST(free_or_unknown_plan_in_metadata_is_not_taken);
  CPPUNIT_TEST_SUITE_END();

 public:
  void subscription_update_carries_user_plan_status_and_period_end() {
    const auto c = read_stripe_event(event("customer.subscription.updated", kSubscription));
    CPPUNIT_ASSERT(c);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{42}, c->user_id.value_or(0));
    CPPUNIT_ASSERT_EQUAL(std::string("pro"), c->plan.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string("active"), c->status.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1702592100}, c->current_period_end.value_or(0));
    CPPUNIT_ASSERT(c->cancel_at_period_end.value_or(false));
    CPPUNIT_ASSERT_EQUAL(std::string("sub_1"), c->subscription_id);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1700000100}, c->event_created);
  }

  void older_api_versions_put_period_end_on_the_subscription() {
    const auto c = read_stripe_event(event(
        "customer.subscription.created",
        R"({"id":"sub_2","customer":"cus_1","status":"trialing","current_period_end":1702000000})"));
    CPPUNIT_ASSERT(c);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1702000000}, c->current_period_end.value_or(0));
    CPPUNIT_ASSERT(!c->user_id);
  }

  void later_lifecycle_events_rank_higher() {
    const auto created = read_stripe_event(event("customer.subscription.created", kSubscription));
    const auto updated = read_stripe_event(event("customer.subscription.updated", kSubscription));
    const auto deleted = read_stripe_event(event("customer.subscription.deleted", kSubscription));
    CPPUNIT_ASSERT(created->rank < updated->rank && updated->rank < deleted->rank);
  }

  void paid_checkout_links_user_customer_and_subscription() {
    const auto c = read_stripe_event(event(
        "checkout.session.completed",
        R"({"id":"cs_1","object":"checkout.session","mode":"subscription","payment_status":"paid",)"
        R"("client_reference_id":"7","customer":"cus_9","subscription":"sub_9","metadata":{"plan":"starter"}})"));
    CPPUNIT_ASSERT(c);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{7}, c->user_id.value_or(0));
    CPPUNIT_ASSERT_EQUAL(std::string("cus_9"), c->customer_id);
    CPPUNIT_ASSERT_EQUAL(std::string("sub_9"), c->subscription_id);
    CPPUNIT_ASSERT_EQUAL(std::string("starter"), c->plan.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string("active"), c->status.value_or(""));
  }

  void payment_mode_checkout_and_unknown_types_say_nothing() {
    CPPUNIT_ASSERT(!read_stripe_event(event(
        "checkout.session.completed", R"({"id":"cs_1","mode":"payment","subscription":"sub_1"})")));
    CPPUNIT_ASSERT(
        !read_stripe_event(event("invoice.paid", R"({"id":"in_1","subscription":"sub_1"})")));
    CPPUNIT_ASSERT(!read_stripe_event("not json"));
    CPPUNIT_ASSERT(!read_stripe_event(R"({"type":"customer.subscription.updated"})"));
  }

  void free_or_unknown_plan_in_metadata_is_not_taken() {
    for (const char* plan : {"free", "enterprise"}) {
      const auto c = read_stripe_event(event(
          "customer.subscription.updated",
          std::string(R"({"id":"sub_1","status":"active","metadata":{"plan":")") + plan + "\"}}"));
      CPPUNIT_ASSERT(c && !c->plan);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StripeEventsTest);

}  // namespace

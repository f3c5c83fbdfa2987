// Billing's side of a subscription event: only from a connector with the Billing capability; the
// user from the customer reference, a paid plan only, the status by name, the event's time and
// step for ordering; an unlinked event is left to be recorded as ignored.
#include "modules/billing/subscription_webhook_handler.hpp"

#include <cppunit/extensions/HelperMacros.h>

using namespace roi;
using namespace roi::modules::billing;

namespace {

class RecordingSubscriptions final : public SubscriptionStore {
 public:
  std::optional<SubscriptionChange> applied;
  std::string connector, event_id;
  ApplyOutcome outcome = ApplyOutcome::Applied;
  std::optional<Subscription> find(std::int64_t) override { return std::nullopt; }
  std::unordered_map<std::int64_t, Subscription> find_all(
      const std::vector<std::int64_t>&) override {
    return {};
  }
  ApplyOutcome apply(const SubscriptionChange& c, std::string_view p, std::string_view e) override {
    applied = c, connector = p, event_id = e;
    return outcome;
  }
  void mark_cancel_at_period_end(std::int64_t) override {}
  void record_plan_change(std::int64_t, const SubscriptionChange&) override {}
};

sdk::Description biller(std::vector<sdk::Capability> capabilities = {sdk::Capability::Billing}) {
  return {"payments", "Payments", "1.0.0", std::move(capabilities)};
}

sdk::WebhookEvent change(std::string reference, std::optional<std::string> plan) {
  sdk::WebhookEvent e{"evt_9", "subscription.updated", ""};
  e.action = sdk::WebhookAction::SubscriptionChanged;
  e.occurred_at = std::chrono::sys_seconds(std::chrono::seconds(1700000100));
  e.sequence = 2;
  e.subscription =
      sdk::SubscriptionChange{"sub_1",
                              "cus_1",
                              std::move(reference),
                              std::move(plan),
                              sdk::SubscriptionStatus::PastDue,
                              std::chrono::sys_seconds(std::chrono::seconds(1702592100)),
                              true};
  return e;
}

class SubscriptionWebhookHandlerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SubscriptionWebhookHandlerTest);
  CPPUNIT_TEST(applies_the_change_under_the_connector_and_event);
  CPPUNIT_TEST(free_or_unknown_plan_is_not_taken);
  CPPUNIT_TEST(only_a_connector_with_billing_changes_subscriptions);
  CPPUNIT_TEST(unlinked_event_is_left_to_be_ignored);
  CPPUNIT_TEST(with_billing_connector_set_only_that_connector_changes_subscriptions);
  CPPUNIT_TEST_SUITE_END();

 public:
  void applies_the_change_under_the_connector_and_event() {
    RecordingSubscriptions store;
    SubscriptionWebhookHandler handler(store, "");
    CPPUNIT_ASSERT(handler.handle(biller(), change("42", "pro")));
    CPPUNIT_ASSERT_EQUAL(std::string("payments"), store.connector);
    CPPUNIT_ASSERT_EQUAL(std::string("evt_9"), store.event_id);
    const SubscriptionChange& c = *store.applied;
    CPPUNIT_ASSERT_EQUAL(std::int64_t{42}, c.user_id.value_or(0));
    CPPUNIT_ASSERT_EQUAL(std::string("pro"), c.plan.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string("past_due"), c.status.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1702592100}, c.current_period_end.value_or(0));
    CPPUNIT_ASSERT(c.cancel_at_period_end.value_or(false));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1700000100}, c.event_created);
    CPPUNIT_ASSERT_EQUAL(2, c.rank);
    CPPUNIT_ASSERT_EQUAL(std::string("sub_1"), c.subscription_id);
  }

  void free_or_unknown_plan_is_not_taken() {
    for (const char* plan : {"free", "enterprise"}) {
      const auto c = subscription_change(change("42", plan));
      CPPUNIT_ASSERT(c && !c->plan);
    }
    const auto c = subscription_change(change("not-a-user", std::nullopt));
    CPPUNIT_ASSERT(c && !c->user_id && !c->plan);
  }

  void only_a_connector_with_billing_changes_subscriptions() {
    RecordingSubscriptions store;
    SubscriptionWebhookHandler handler(store, "");
    CPPUNIT_ASSERT(!handler.handle(biller({sdk::Capability::Orders}), change("42", "pro")));
    CPPUNIT_ASSERT(!store.applied);
    sdk::WebhookEvent none{"evt_1", "invoice.paid", ""};
    CPPUNIT_ASSERT(!handler.handle(biller(), none));
    CPPUNIT_ASSERT(!store.applied);
  }

  void unlinked_event_is_left_to_be_ignored() {
    RecordingSubscriptions store;
    store.outcome = ApplyOutcome::Unlinked;
    SubscriptionWebhookHandler handler(store, "");
    CPPUNIT_ASSERT(!handler.handle(biller(), change("", "pro")));
    store.outcome = ApplyOutcome::Stale;
    CPPUNIT_ASSERT(handler.handle(biller(), change("", "pro")));
  }

  void with_billing_connector_set_only_that_connector_changes_subscriptions() {
    RecordingSubscriptions store;
    SubscriptionWebhookHandler handler(store, "stripe");
    CPPUNIT_ASSERT(!handler.handle(biller(), change("42", "agency")));  // "payments" bills too
    CPPUNIT_ASSERT(!store.applied);
    sdk::Description chosen = biller();
    chosen.id = "stripe";
    CPPUNIT_ASSERT(handler.handle(chosen, change("42", "agency")));
    CPPUNIT_ASSERT_EQUAL(std::string("stripe"), store.connector);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SubscriptionWebhookHandlerTest);

}  // namespace

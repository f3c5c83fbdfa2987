// Plan limits: each plan's allowance holds exactly (the last allowed action passes, the next is
// FORBIDDEN naming the limit), a lapsed subscription falls back to free, agency is unlimited.
#include "modules/billing/plan_limits.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include "api/error.hpp"

using namespace roi::modules::billing;
using namespace std::chrono_literals;

namespace {

class FakeSubscriptions final : public SubscriptionStore {
 public:
  std::optional<Subscription> sub;
  std::optional<Subscription> find(std::int64_t) override { return sub; }
  std::unordered_map<std::int64_t, Subscription> find_all(
      const std::vector<std::int64_t>& ids) override {
    std::unordered_map<std::int64_t, Subscription> out;
    if (sub) {
      for (const auto id : ids) out.emplace(id, *sub);
    }
    return out;
  }
  ApplyOutcome apply(const SubscriptionChange&, std::string_view, std::string_view) override {
    return ApplyOutcome::Applied;
  }
  void mark_cancel_at_period_end(std::int64_t) override {}
  void record_plan_change(std::int64_t, const SubscriptionChange&) override {}
};

class FakeUsage final : public UsageStore {
 public:
  int integrations = 0;
  int active_integrations(std::int64_t) override { return integrations; }
  int reports_this_month(std::int64_t) override { return 0; }
  std::optional<std::int64_t> next_manual_sync(std::int64_t, std::chrono::minutes) override {
    return std::nullopt;
  }
};

Subscription on(const char* plan, const char* status = "active") {
  Subscription s;
  s.plan = plan;
  s.status = status;
  return s;
}

// The FORBIDDEN error `action` throws, or a failed assertion.
template <class F>
roi::api::Error forbidden(F action) {
  try {
    action();
  } catch (const roi::api::Error& e) {
    CPPUNIT_ASSERT(e.code() == roi::api::ErrorCode::Forbidden);
    return e;
  }
  CPPUNIT_FAIL("expected FORBIDDEN");
  throw;  // unreachable: CPPUNIT_FAIL throws
}

std::string data_of(const roi::api::Error& e, const std::string& key) {
  for (const auto& [k, v] : e.data()) {
    if (k == key) return v;
  }
  return {};
}

class PlanLimitsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PlanLimitsTest);
  CPPUNIT_TEST(user_without_subscription_is_on_free);
  CPPUNIT_TEST(free_user_cannot_connect_a_second_integration);
  CPPUNIT_TEST(pro_user_can_connect_up_to_ten);
  CPPUNIT_TEST(canceled_subscription_falls_back_to_free_limits);
  CPPUNIT_TEST(past_due_keeps_the_paid_plan_while_stripe_retries);
  CPPUNIT_TEST(agency_has_no_integration_or_report_cap);
  CPPUNIT_TEST(report_over_monthly_allowance_is_forbidden);
  CPPUNIT_TEST(unknown_plan_names_are_refused);
  CPPUNIT_TEST(manual_syncs_have_a_shorter_interval_on_dearer_plans);
  CPPUNIT_TEST(a_manual_sync_too_soon_is_too_many_requests_with_the_next_time);
  CPPUNIT_TEST_SUITE_END();

 public:
  void user_without_subscription_is_on_free() { CPPUNIT_ASSERT(limits.plan_of(1) == Plan::Free); }

  void free_user_cannot_connect_a_second_integration() {
    limits.check_can_add_integration(1);
    usage.integrations = 1;
    const auto e = forbidden([&] { limits.check_can_add_integration(1); });
    CPPUNIT_ASSERT_EQUAL(std::string("integrations"), data_of(e, "limit"));
    CPPUNIT_ASSERT_EQUAL(std::string("free"), data_of(e, "plan"));
    const std::string message = e.what();
    CPPUNIT_ASSERT_MESSAGE(message, message.find("integrations") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(message, message.find("1 integration") != std::string::npos);
  }

  void pro_user_can_connect_up_to_ten() {
    subs.sub = on("pro");
    usage.integrations = 9;
    limits.check_can_add_integration(1);
    usage.integrations = 10;
    forbidden([&] { limits.check_can_add_integration(1); });
  }

  void canceled_subscription_falls_back_to_free_limits() {
    subs.sub = on("pro", "canceled");
    usage.integrations = 1;
    CPPUNIT_ASSERT(limits.plan_of(1) == Plan::Free);
    forbidden([&] { limits.check_can_add_integration(1); });
  }

  void past_due_keeps_the_paid_plan_while_stripe_retries() {
    subs.sub = on("starter", "past_due");
    CPPUNIT_ASSERT(limits.plan_of(1) == Plan::Starter);
  }

  void agency_has_no_integration_or_report_cap() {
    subs.sub = on("agency");
    usage.integrations = 100000;
    limits.check_can_add_integration(1);
    CPPUNIT_ASSERT(!limits_of(limits.plan_of(1)).reports_per_month);
  }

  void report_over_monthly_allowance_is_forbidden() {
    subs.sub = on("starter");
    CPPUNIT_ASSERT_EQUAL(20, *limits_of(limits.plan_of(1)).reports_per_month);
    const auto e = forbidden([&] { throw PlanLimits::reports_limit_reached(Plan::Starter); });
    CPPUNIT_ASSERT_EQUAL(std::string("reports_per_month"), data_of(e, "limit"));
    CPPUNIT_ASSERT_EQUAL(std::string("starter"), data_of(e, "plan"));
    CPPUNIT_ASSERT(std::string(e.what()).find("20 reports per month") != std::string::npos);
  }

  void unknown_plan_names_are_refused() {
    CPPUNIT_ASSERT(!parse_plan("enterprise"));
    CPPUNIT_ASSERT(!parse_plan("Pro"));
    CPPUNIT_ASSERT(parse_plan("agency") == Plan::Agency);
  }

  void manual_syncs_have_a_shorter_interval_on_dearer_plans() {
    CPPUNIT_ASSERT(limits_of(Plan::Free).manual_sync_interval == 60min);
    CPPUNIT_ASSERT(limits_of(Plan::Starter).manual_sync_interval == 15min);
    CPPUNIT_ASSERT(limits_of(Plan::Pro).manual_sync_interval == 5min);
    CPPUNIT_ASSERT(limits_of(Plan::Agency).manual_sync_interval == 1min);
  }

  void a_manual_sync_too_soon_is_too_many_requests_with_the_next_time() {
    // 2026-01-31T12:00:00Z, 90 s from now.
    const auto e = PlanLimits::manual_sync_limited(Plan::Pro, 1769860800, 90s);
    CPPUNIT_ASSERT(e.code() == roi::api::ErrorCode::TooManyRequests);
    CPPUNIT_ASSERT_EQUAL(std::string("manual_sync_interval"), data_of(e, "limit"));
    CPPUNIT_ASSERT_EQUAL(std::string("pro"), data_of(e, "plan"));
    CPPUNIT_ASSERT_EQUAL(std::string("2026-01-31T12:00:00Z"), data_of(e, "nextSyncAt"));
    CPPUNIT_ASSERT_EQUAL(90, e.retry_after_s().value_or(0));
    CPPUNIT_ASSERT(std::string(e.what()).find("one manual sync every 5 minutes") !=
                   std::string::npos);
    // Under a second left is still a wait of one, never "retry after 0".
    CPPUNIT_ASSERT_EQUAL(
        1, PlanLimits::manual_sync_limited(Plan::Pro, 1769860800, 0s).retry_after_s().value_or(0));
  }

 private:
  FakeSubscriptions subs;
  FakeUsage usage;
  PlanLimits limits{subs, usage};
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanLimitsTest);

}  // namespace

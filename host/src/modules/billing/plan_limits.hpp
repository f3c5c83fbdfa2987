// The check other modules call before doing what a plan limits: connecting an integration,
// scheduling syncs, generating a report. Over the limit is FORBIDDEN with a message naming it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/error.hpp"
#include "modules/billing/plans.hpp"
#include "modules/billing/subscription_store.hpp"
#include "modules/billing/usage_store.hpp"

namespace roi::modules::billing {

// ISO 8601 in UTC ("2026-01-31T12:00:00Z").
std::string iso_time(std::int64_t unix_seconds);

// The plan a subscription grants now: its paid plan while the billing provider still bills it
// (active, trialing, or past_due while the provider retries the payment), free otherwise.
Plan effective_plan(const std::optional<Subscription>& subscription);

class PlanLimits {
 public:
  PlanLimits(SubscriptionStore& subscriptions, UsageStore& usage)
      : subscriptions_(subscriptions), usage_(usage) {}

  Plan plan_of(std::int64_t user_id);
  // Every one of `user_ids` with its plan, in one look-up.
  std::unordered_map<std::int64_t, Plan> plans_of(const std::vector<std::int64_t>& user_ids);

  // Throws api::Error(FORBIDDEN) naming the limit, the plan and its allowance, with
  // data.limit = "integrations".
  void check_can_add_integration(std::int64_t user_id);
  // What reports.generate throws when the report store found `plan`'s monthly allowance used up
  // (the store counts generations in the transaction that inserts the report): FORBIDDEN with
  // data.limit = "reports_per_month".
  static api::Error reports_limit_reached(Plan plan);
  // What integrations.sync throws when `plan`'s minimum interval between manual syncs has not
  // passed: TOO_MANY_REQUESTS with Retry-After (`wait`), data.limit = "manual_sync_interval" and
  // data.nextSyncAt, the time (ISO 8601, UTC) of the next allowed manual sync.
  static api::Error manual_sync_limited(Plan plan, std::int64_t next_allowed,
                                        std::chrono::seconds wait);

 private:
  SubscriptionStore& subscriptions_;
  UsageStore& usage_;
};

}  // namespace roi::modules::billing

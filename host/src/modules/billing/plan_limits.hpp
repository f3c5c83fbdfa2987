// The check other modules call before doing what a plan limits: connecting an integration,
// scheduling syncs, generating a report. Over the limit is FORBIDDEN with a message naming it.
#pragma once

#include <cstdint>
#include <optional>

#include "modules/billing/plans.hpp"
#include "modules/billing/subscription_store.hpp"

namespace roi::modules::billing {

// What a user has used so far; implemented by the store.
class UsageStore {
 public:
  virtual ~UsageStore() = default;
  virtual int active_integrations(std::int64_t user_id) = 0;
  virtual int reports_this_month(std::int64_t user_id) = 0;  // calendar month, UTC
};

// The plan a subscription grants now: its paid plan while the billing provider still bills it
// (active, trialing, or past_due while the provider retries the payment), free otherwise.
Plan effective_plan(const std::optional<Subscription>& subscription);

class PlanLimits {
 public:
  PlanLimits(SubscriptionStore& subscriptions, UsageStore& usage)
      : subscriptions_(subscriptions), usage_(usage) {}

  Plan plan_of(std::int64_t user_id);

  // Each throws api::Error(FORBIDDEN) naming the limit, the plan and its allowance, with
  // data.limit = "integrations" | "reports_per_month". (The sync interval is not refused: the
  // scheduler syncs no more often than the plan's min_sync_interval.)
  void check_can_add_integration(std::int64_t user_id);
  void check_can_generate_report(std::int64_t user_id);

 private:
  SubscriptionStore& subscriptions_;
  UsageStore& usage_;
};

}  // namespace roi::modules::billing

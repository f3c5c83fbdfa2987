// What billing needs from storage: a user's subscription, and applying what a billing event says
// about it exactly once and never backwards. Implemented over Postgres in store/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace roi::modules::billing {

struct Subscription {
  std::string plan = "free";
  std::string status = "active";
  std::optional<std::int64_t> current_period_end;  // Unix seconds
  bool cancel_at_period_end = false;
  std::string billing_customer_id;
  std::string billing_subscription_id;
};

// A billing event's effect. Events are ordered by (created, rank): a later step in a
// subscription's life (created < updated < deleted) wins a tie within the same second.
struct SubscriptionChange {
  std::optional<std::int64_t> user_id;  // the customer reference our checkout gave the provider
  std::string customer_id;
  std::string subscription_id;
  std::optional<std::string> plan;    // a paid plan; nullopt: unchanged
  std::optional<std::string> status;  // nullopt: unchanged
  std::optional<std::int64_t> current_period_end;
  std::optional<bool> cancel_at_period_end;
  std::int64_t event_created = 0;
  int rank = 0;
};

enum class ApplyOutcome {
  Applied,
  Stale,             // an event later in order was applied already; recorded, not applied
  Unlinked,          // names no user and no known subscription
  AlreadyProcessed,  // a concurrent delivery of the same event got there first
};

class SubscriptionStore {
 public:
  virtual ~SubscriptionStore() = default;

  virtual std::optional<Subscription> find(std::int64_t user_id) = 0;
  // The subscriptions of those of `user_ids` that have one, in one look-up.
  virtual std::unordered_map<std::int64_t, Subscription> find_all(
      const std::vector<std::int64_t>& user_ids) = 0;
  // Applies `change` and marks the event processed in one transaction.
  virtual ApplyOutcome apply(const SubscriptionChange& change, std::string_view provider,
                             std::string_view event_id) = 0;
  // The provider accepted a cancellation at period end: show it before its event arrives.
  virtual void mark_cancel_at_period_end(std::int64_t user_id) = 0;
  // The provider moved the user's subscription to another plan and answered with `now` (plan,
  // status, period end, cancellation): show it before its event arrives.
  virtual void record_plan_change(std::int64_t user_id, const SubscriptionChange& now) = 0;
};

}  // namespace roi::modules::billing

// billing::SubscriptionStore over Postgres: the subscriptions table, with billing events applied
// in the same transaction that marks them processed in webhook_events.
#pragma once

#include "modules/billing/subscription_store.hpp"
#include "store/pool.hpp"

namespace roi::store {

class SubscriptionRepository final : public modules::billing::SubscriptionStore {
 public:
  explicit SubscriptionRepository(Pool& pool) : pool_(pool) {}

  std::optional<modules::billing::Subscription> find(std::int64_t user_id) override;
  std::unordered_map<std::int64_t, modules::billing::Subscription> find_all(
      const std::vector<std::int64_t>& user_ids) override;
  modules::billing::ApplyOutcome apply(const modules::billing::SubscriptionChange& change,
                                       std::string_view provider,
                                       std::string_view event_id) override;
  void mark_cancel_at_period_end(std::int64_t user_id) override;
  void record_plan_change(std::int64_t user_id,
                          const modules::billing::SubscriptionChange& now) override;

 private:
  Pool& pool_;
};

}  // namespace roi::store

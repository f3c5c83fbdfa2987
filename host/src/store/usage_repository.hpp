// billing::UsageStore over Postgres: the counts plan limits are checked against.
// Each call leases a pooled session for its own duration.
#pragma once

#include "modules/billing/usage_store.hpp"
#include "store/pool.hpp"

namespace roi::store {

class UsageRepository final : public modules::billing::UsageStore {
 public:
  explicit UsageRepository(Pool& pool) : pool_(pool) {}

  int active_integrations(std::int64_t user_id) override;
  int reports_this_month(std::int64_t user_id) override;
  std::optional<std::int64_t> next_manual_sync(std::int64_t user_id,
                                               std::chrono::minutes interval) override;

 private:
  Pool& pool_;
};

}  // namespace roi::store

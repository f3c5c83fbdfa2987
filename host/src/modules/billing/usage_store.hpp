// What a user has used so far, counted against the plan's limits; implemented by the store.
#pragma once

#include <cstdint>
#include <optional>

namespace roi::modules::billing {

class UsageStore {
 public:
  virtual ~UsageStore() = default;
  virtual int active_integrations(std::int64_t user_id) = 0;
  // Reports generated this calendar month (UTC), deleted ones included.
  virtual int reports_this_month(std::int64_t user_id) = 0;
  // When the user last asked for a sync by hand that queued one (Unix seconds); nullopt: never.
  virtual std::optional<std::int64_t> last_manual_sync(std::int64_t user_id) = 0;
};

}  // namespace roi::modules::billing

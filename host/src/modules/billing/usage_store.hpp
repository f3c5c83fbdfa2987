// What a user has used so far, counted against the plan's limits; implemented by the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace roi::modules::billing {

class UsageStore {
 public:
  virtual ~UsageStore() = default;
  virtual int active_integrations(std::int64_t user_id) = 0;
  // Reports generated this calendar month (UTC), deleted ones included.
  virtual int reports_this_month(std::int64_t user_id) = 0;
  // When the user may sync by hand again, `interval` after the last manual sync that queued one
  // (Unix seconds); nullopt: now. Judged by the database's clock, which every host shares.
  virtual std::optional<std::int64_t> next_manual_sync(std::int64_t user_id,
                                                       std::chrono::minutes interval) = 0;
};

}  // namespace roi::modules::billing

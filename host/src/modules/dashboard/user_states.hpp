// Each user's data version and time zone for the dashboard: kept in memory while the change feed
// listens (a sync commit or time zone change is announced and drops the user), otherwise read by
// a query that began after the caller arrived, shared by every caller arriving together.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "concurrency/fresh_batch.hpp"
#include "concurrency/notified_cache.hpp"
#include "modules/dashboard/dashboard_store.hpp"

namespace roi::modules::dashboard {

class UserStates {
 public:
  UserStates(DashboardStore& store, std::size_t capacity)
      : reads_(
            [&store](const std::vector<std::int64_t>& users) { return store.user_states(users); },
            UserState{}),
        known_(capacity) {}

  // A user without a row gets version 0 and UTC; nothing of theirs can be found either.
  UserState get(std::int64_t user) {
    return *known_.get(user, [this](std::int64_t u) { return std::optional(reads_.get(u)); });
  }

  // From the change feed: `id` as announced (decimal user id).
  void changed(std::string_view id) {
    std::int64_t user = 0;
    for (char c : id) {
      if (c < '0' || c > '9') return;
      user = user * 10 + (c - '0');
    }
    known_.drop(user);
  }
  void set_live(bool live) { known_.set_live(live); }

 private:
  concurrency::FreshBatch<std::int64_t, UserState> reads_;
  concurrency::NotifiedCache<std::int64_t, UserState> known_;
};

}  // namespace roi::modules::dashboard

// Where a user's figures are read from: a streaming replica when it has replayed the user's data
// version the caller holds (read from the primary, see UserStates), else the primary. A sync
// chunk, an order webhook or a time zone change bumps users.data_version in the transaction that
// changes the figures, so a replica whose row of the user carries that version holds every
// figure of it; a replica only moves forward, so the reads that follow the check on the same
// replica see at least that much. A replica that is behind, or that does not answer, costs the
// read a trip to the primary, never an older answer.
#pragma once

#include <cstdint>
#include <exception>

#include "modules/dashboard/dashboard_store.hpp"
#include "observability/metrics.hpp"

namespace roi::modules::dashboard {

class ReadRouting {
 public:
  // `replica` null: every read goes to `primary`. `replica_reads` counts reads sent to the
  // replica, `primary_fallbacks` those sent to the primary because the replica was behind the
  // user or failed to answer.
  ReadRouting(DashboardStore& primary, DashboardStore* replica,
              observability::Counter& replica_reads, observability::Counter& primary_fallbacks)
      : primary_(primary),
        replica_(replica),
        replica_reads_(replica_reads),
        primary_fallbacks_(primary_fallbacks) {}

  // The store to read `user`'s figures from, no older than `version` of them.
  DashboardStore& at_least(std::int64_t user, std::int64_t version) {
    if (!replica_) return primary_;
    try {
      const auto states = replica_->user_states({user});
      if (!states.empty() && states.front().second.data_version >= version) {
        replica_reads_.inc();
        return *replica_;
      }
    } catch (const std::exception&) {
      // The replica did not answer (down, or its pool busy): the primary answers instead.
    }
    primary_fallbacks_.inc();
    return primary_;
  }

 private:
  DashboardStore& primary_;
  DashboardStore* replica_;
  observability::Counter& replica_reads_;
  observability::Counter& primary_fallbacks_;
};

}  // namespace roi::modules::dashboard

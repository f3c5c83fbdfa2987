// dashboard.*: overview, campaigns and trends for the signed-in user, read from the rollups and
// served from the result cache while the user's data version is unchanged.
#pragma once

#include "api/procedure.hpp"
#include "modules/dashboard/dashboard_store.hpp"
#include "modules/dashboard/page_cursor.hpp"
#include "modules/dashboard/read_routing.hpp"
#include "modules/dashboard/result_cache.hpp"
#include "modules/dashboard/user_states.hpp"
#include "observability/metrics.hpp"

namespace roi::modules::dashboard {

struct Services {
  // The primary, or a replica that has replayed the user's data version.
  ReadRouting& reads;
  // Users' data versions and time zones, never older than the last commit heard of.
  UserStates& users;
  ResultCache& cache;
  const CursorCodec& cursors;
  observability::Counter& cache_hits;
  observability::Counter& cache_misses;
};

// The services must outlive the registry.
void register_procedures(api::ProcedureRegistry& registry, Services services);

}  // namespace roi::modules::dashboard

// The dashboard's machinery built from settings: its repository, the result cache, the version
// gate that reads data versions for it, the cursor key, and the cache's metrics; with
// database.read_url, a pool on the replica and the routing of reads between it and the primary.
#pragma once

#include <memory>

#include "api/procedure.hpp"
#include "app/settings.hpp"
#include "modules/dashboard/dashboard_module.hpp"
#include "observability/metrics.hpp"
#include "store/change_feed.hpp"
#include "store/dashboard_repository.hpp"
#include "store/pool.hpp"

namespace roi::app {

class DashboardComponents {
 public:
  // `secret` is the host's signing secret; the cursor key is derived from it.
  // Throws std::runtime_error when database.read_url is set and its server cannot be reached.
  DashboardComponents(const Settings& settings, store::Pool& pool, observability::Registry& metrics,
                      observability::Logger& log, const std::string& secret);

  void register_procedures(api::ProcedureRegistry& registry);
  // The feed topic that keeps users' data versions and time zones in memory true.
  store::ChangeFeed::Topic changes();

 private:
  store::DashboardRepository repository_;  // the primary: data versions, and reads by default
  std::unique_ptr<store::Pool> replica_pool_;
  std::unique_ptr<store::DashboardRepository> replica_;
  observability::Counter& replica_reads_;
  observability::Counter& primary_fallbacks_;
  modules::dashboard::ReadRouting reads_;
  modules::dashboard::ResultCache cache_;
  modules::dashboard::UserStates users_;
  modules::dashboard::CursorCodec cursors_;
  observability::Counter& hits_;
  observability::Counter& misses_;
};

}  // namespace roi::app

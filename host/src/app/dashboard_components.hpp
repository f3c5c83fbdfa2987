// The dashboard's machinery built from settings: its repository, the result cache, the version
// gate that reads data versions for it, the cursor key, and the cache's metrics.
#pragma once

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
  DashboardComponents(const Settings& settings, store::Pool& pool, observability::Registry& metrics,
                      const std::string& secret);

  void register_procedures(api::ProcedureRegistry& registry);
  // The feed topic that keeps users' data versions and time zones in memory true.
  store::ChangeFeed::Topic changes();

 private:
  store::DashboardRepository repository_;
  modules::dashboard::ResultCache cache_;
  modules::dashboard::UserStates users_;
  modules::dashboard::CursorCodec cursors_;
  observability::Counter& hits_;
  observability::Counter& misses_;
};

}  // namespace roi::app

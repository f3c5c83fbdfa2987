// The dashboard's machinery built from settings: its repository, the result cache, the version
// gate that reads data versions for it, the cursor key, and the cache's metrics.
#pragma once

#include "api/procedure.hpp"
#include "config/settings.hpp"
#include "modules/dashboard/dashboard_module.hpp"
#include "observability/metrics.hpp"
#include "store/dashboard_repository.hpp"
#include "store/pool.hpp"

namespace roi::app {

class DashboardComponents {
 public:
  // `secret` is the host's signing secret; the cursor key is derived from it.
  DashboardComponents(const config::Settings& settings, store::Pool& pool,
                      observability::Registry& metrics, const std::string& secret);

  void register_procedures(api::ProcedureRegistry& registry);

 private:
  store::DashboardRepository repository_;
  modules::dashboard::ResultCache cache_;
  concurrency::FreshBatch<std::int64_t, std::int64_t> versions_;
  modules::dashboard::CursorCodec cursors_;
  observability::Counter& hits_;
  observability::Counter& misses_;
};

}  // namespace roi::app

#include "modules/dashboard/dashboard_settings.hpp"

namespace roi::modules::dashboard {

std::vector<config::Key<DashboardSettings>> dashboard_keys() {
  using S = DashboardSettings;
  return {
      config::integer_key<S>("dashboard.cache_entries", "ROI_DASHBOARD_CACHE_ENTRIES", "20000", 0,
                             10000000, &S::cache_entries,
                             "answers the result cache keeps; 0 turns it off"),
  };
}

}  // namespace roi::modules::dashboard

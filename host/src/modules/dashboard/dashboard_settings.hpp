// The dashboard's settings (dashboard.*) and their declarations.
#pragma once

#include <vector>

#include "config/key.hpp"

namespace roi::modules::dashboard {

struct DashboardSettings {
  int cache_entries = 0;  // answers the dashboard result cache keeps; 0 turns it off
};

std::vector<config::Key<DashboardSettings>> dashboard_keys();

}  // namespace roi::modules::dashboard

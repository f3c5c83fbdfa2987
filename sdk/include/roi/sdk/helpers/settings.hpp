// A connector's operator settings (ROI_CONNECTOR_<ID>_<NAME>) with the platform's production
// value as default, so tests and `make run` point a connector at the simulator by setting alone.
#pragma once

#include <string>
#include <string_view>

#include "roi/sdk/host_services.hpp"

namespace roi::sdk::helpers {

// The setting, or `fallback` when unset or empty. A trailing '/' is dropped (base URLs).
std::string setting_or(const HostServices& host, std::string_view name, std::string_view fallback);

// The setting; Permanent error naming it when unset or empty.
std::string required_setting(const HostServices& host, std::string_view name);

}  // namespace roi::sdk::helpers

// A connector's operator settings as the host hands them over: what the operator set, else the
// default the connector declared (Description::settings), so a default lives in one place.
#pragma once

#include <string>
#include <string_view>

#include "roi/sdk/host_services.hpp"

namespace roi::sdk::helpers {

// The setting, or empty when it is unset and has no default. A trailing '/' is dropped (base
// URLs).
std::string setting(const HostServices& host, std::string_view name);

// The setting; Permanent error naming it when unset or empty.
std::string required_setting(const HostServices& host, std::string_view name);

}  // namespace roi::sdk::helpers

// Where a connector's operator settings come from when a version is loaded: the process
// environment and the configuration file, resolved by the rule the acceptance kit shares.
#pragma once

#include <functional>
#include <map>
#include <roi/sdk/connector.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/key.hpp"
#include "connector/setting_resolution.hpp"
#include "plugins/plugin_settings.hpp"

namespace roi::plugins {

// Where settings come from, read again at every load so a swap sees what the operator changed.
struct SettingSources {
  config::Environment environment;
  ConnectorSettings file;  // connectors.<id>.<key> of the configuration file
};
using SettingSourcesReader = std::function<SettingSources()>;

ResolvedSettings resolve_settings(const sdk::Description& description,
                                  const SettingSources& sources);

}  // namespace roi::plugins

// A connector's operator settings, resolved from its own declaration when a version is loaded:
// environment, then the declared aliases, then the configuration file, then the default.
#pragma once

#include <functional>
#include <map>
#include <roi/sdk/connector.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"

namespace roi::plugins {

// Key -> value, every declared setting that has one (set or defaulted). Handed to the version it
// was resolved for and to nothing else: values of secret settings among them.
using SettingValues = std::map<std::string, std::string, std::less<>>;

// Where settings come from, read again at every load so a swap sees what the operator changed.
struct SettingSources {
  config::Environment environment;
  config::ConnectorSettings file;  // connectors.<id>.<key> of the configuration file
};
using SettingSourcesReader = std::function<SettingSources()>;

struct ResolvedSettings {
  SettingValues values;
  std::vector<std::string> missing;  // required keys nobody set, in declaration order
  std::vector<std::string> unknown;  // connectors.<id>.<key> the connector does not declare
};

ResolvedSettings resolve_settings(const sdk::Description& description,
                                  const SettingSources& sources);

// "ROI_CONNECTOR_GOOGLE_ADS_CLIENT_ID" for ("google-ads", "client_id").
std::string setting_variable(std::string_view connector, std::string_view key);

}  // namespace roi::plugins

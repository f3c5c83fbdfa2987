// How a connector's declared settings get their values, one rule for the host and the acceptance
// kit: ROI_CONNECTOR_<ID>_<KEY>, then the declared aliases, then the configuration file's
// `connectors.<id>.<key>`, then the declared default; an empty value counts as unset.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <roi/sdk/connector.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace roi::plugins {

// Key -> value, every declared setting that has one (set or defaulted). Handed to the version it
// was resolved for and to nothing else: values of secret settings among them.
using SettingValues = std::map<std::string, std::string, std::less<>>;

// The value of an environment variable, or nullopt when it is not set.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

struct ResolvedSettings {
  SettingValues values;
  std::vector<std::string> missing;  // required keys nobody set, in declaration order
  std::vector<std::string> unknown;  // file keys the connector does not declare
  // Key -> where its value came from: "environment <NAME>", "configuration file", "default".
  std::map<std::string, std::string, std::less<>> origin;
};

// `file` is the connector's own section of the configuration file (null: none).
ResolvedSettings resolve_settings(const sdk::Description& description,
                                  const EnvironmentLookup& environment, const SettingValues* file);

// "ROI_CONNECTOR_GOOGLE_ADS_CLIENT_ID" for ("google-ads", "client_id").
std::string setting_variable(std::string_view connector, std::string_view key);

}  // namespace roi::plugins

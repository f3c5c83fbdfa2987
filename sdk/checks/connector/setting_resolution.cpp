#include "connector/setting_resolution.hpp"

#include <algorithm>
#include <cctype>

namespace roi::plugins {

std::string setting_variable(std::string_view connector, std::string_view key) {
  std::string out = "ROI_CONNECTOR_";
  auto append = [&out](std::string_view part) {
    for (char c : part) {
      out.push_back(c == '-' ? '_'
                             : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  };
  append(connector);
  out.push_back('_');
  append(key);
  return out;
}

ResolvedSettings resolve_settings(const sdk::Description& description,
                                  const EnvironmentLookup& environment, const SettingValues* file) {
  ResolvedSettings out;
  for (const auto& spec : description.settings) {
    std::optional<std::string> value;
    std::string origin;
    std::vector<std::string> names{setting_variable(description.id, spec.key)};
    names.insert(names.end(), spec.aliases.begin(), spec.aliases.end());
    for (const auto& name : names) {
      if ((value = environment(name))) {
        origin = "environment " + name;
        break;
      }
    }
    if (!value && file) {
      if (auto it = file->find(spec.key); it != file->end()) {
        value = it->second;
        origin = "configuration file";
      }
    }
    // An empty value is no value: `FOO=` in a unit file must not hide the default.
    if (value && value->empty()) value.reset();
    if (!value && spec.default_value) {
      value = spec.default_value;
      origin = "default";
    }
    if (value) {
      out.values.emplace(spec.key, std::move(*value));
      out.origin.emplace(spec.key, std::move(origin));
    } else if (spec.required) {
      out.missing.push_back(spec.key);
    }
  }
  if (file) {
    for (const auto& [key, value] : *file) {
      const bool declared = std::any_of(description.settings.begin(), description.settings.end(),
                                        [&](const sdk::SettingSpec& s) { return s.key == key; });
      if (!declared) out.unknown.push_back(key);
    }
  }
  return out;
}

}  // namespace roi::plugins

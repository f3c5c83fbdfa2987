#include "plugins/connector_settings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace roi::plugins {
namespace {

std::optional<std::string> lookup(const config::Environment& env, const std::string& name) {
  auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  return it->second;
}

}  // namespace

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
                                  const SettingSources& sources) {
  ResolvedSettings out;
  const auto file = sources.file.find(description.id);
  for (const auto& spec : description.settings) {
    std::optional<std::string> value =
        lookup(sources.environment, setting_variable(description.id, spec.key));
    for (const auto& alias : spec.aliases) {
      if (!value) value = lookup(sources.environment, alias);
    }
    if (!value && file != sources.file.end()) {
      if (auto it = file->second.find(spec.key); it != file->second.end()) value = it->second;
    }
    // An empty value is no value: `FOO=` in a unit file must not hide the default.
    if (value && value->empty()) value.reset();
    if (!value) value = spec.default_value;
    if (value) {
      out.values.emplace(spec.key, std::move(*value));
    } else if (spec.required) {
      out.missing.push_back(spec.key);
    }
  }
  if (file != sources.file.end()) {
    for (const auto& [key, value] : file->second) {
      const bool declared = std::any_of(description.settings.begin(), description.settings.end(),
                                        [&](const sdk::SettingSpec& s) { return s.key == key; });
      if (!declared) out.unknown.push_back(key);
    }
  }
  return out;
}

}  // namespace roi::plugins

#include "plugins/connector_settings.hpp"

namespace roi::plugins {

ResolvedSettings resolve_settings(const sdk::Description& description,
                                  const SettingSources& sources) {
  const auto section = sources.file.find(description.id);
  return resolve_settings(
      description,
      [&sources](const std::string& name) -> std::optional<std::string> {
        auto it = sources.environment.find(name);
        if (it == sources.environment.end()) return std::nullopt;
        return it->second;
      },
      section == sources.file.end() ? nullptr : &section->second);
}

}  // namespace roi::plugins

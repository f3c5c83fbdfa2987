#include "store/attribution_settings.hpp"

#include <algorithm>
#include <sstream>

#include "connector/output_checks.hpp"

namespace roi::store {
namespace {

// "alias=platform,alias=platform": aliases are lower-case names (a-z, 0-9, '.', '_', '-'),
// platforms connector ids; spaces around items are ignored.
std::map<std::string, std::string, std::less<>> parse_aliases(const std::string& text) {
  std::map<std::string, std::string, std::less<>> out;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    item = item.substr(first, item.find_last_not_of(' ') - first + 1);
    const auto eq = item.find('=');
    const std::string alias = item.substr(0, eq);
    const std::string platform = eq == std::string::npos ? "" : item.substr(eq + 1);
    const bool alias_ok = !alias.empty() && alias.size() <= 100 &&
                          std::all_of(alias.begin(), alias.end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                                   c == '_' || c == '-';
                          });
    if (!alias_ok || !plugins::is_connector_id(platform) || out.contains(alias)) {
      throw config::ConfigError("attribution.aliases: '" + item +
                                "' must be alias=connector-id with a lower-case alias named once");
    }
    out[alias] = platform;
  }
  return out;
}

}  // namespace

std::vector<config::Key<AttributionSettings>> attribution_keys() {
  using S = AttributionSettings;
  return {
      config::integer_key<S>("attribution.window_days", "ROI_ATTRIBUTION_WINDOW_DAYS", "30", 0,
                             3650, &S::window_days,
                             "an order placed longer after its visit is not attributed"),
      {"attribution.aliases", "ROI_ATTRIBUTION_ALIASES", "",
       "alias=connector-id,...: what utm_source values, click ids and referrers name",
       [](S& s, const std::string& v) { s.aliases = parse_aliases(v); },
       [](const S& s) {
         std::string out;
         for (const auto& [alias, platform] : s.aliases) {
           out += (out.empty() ? "" : ",") + alias + "=" + platform;
         }
         return out;
       }},
  };
}

}  // namespace roi::store

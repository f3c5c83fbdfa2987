#include "roi/sdk/helpers/settings.hpp"

#include "roi/sdk/errors.hpp"

namespace roi::sdk::helpers {

std::string setting(const HostServices& host, std::string_view name) {
  std::string out = host.setting(name).value_or("");
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string required_setting(const HostServices& host, std::string_view name) {
  auto value = host.setting(name);
  if (!value || value->empty()) {
    throw permanent("the connector is not configured: setting '" + std::string(name) +
                    "' is missing");
  }
  return *value;
}

}  // namespace roi::sdk::helpers

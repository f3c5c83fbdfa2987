// Reading a WebhookRequest: a header or query parameter by name, as every connector's webhook
// code needs.
#pragma once

#include <string_view>

#include "roi/sdk/host_services.hpp"

namespace roi::sdk::helpers {

// The first value named `name` (headers: lower case), or empty when there is none.
inline std::string_view first_value(const Headers& pairs, std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace roi::sdk::helpers

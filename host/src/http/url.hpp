// Query-string lookup for the raw query nginx passes through (decoded by the SDK's helpers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roi::http {

// The first `name=` parameter of a raw query string: whether it is there, whether its escapes
// are malformed, and its decoded value.
struct QueryParam {
  bool present = false;
  bool malformed = false;
  std::string value;
};
QueryParam query_param(std::string_view query, std::string_view name);

}  // namespace roi::http

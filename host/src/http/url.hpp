// Percent-decoding and query-string lookup for the raw query nginx passes through.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roi::http {

// Decodes %XX escapes and '+' (as a space, the form encoding). Returns nullopt on a malformed
// escape. The result may hold any byte, NUL included: callers validate what they need.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space = true);

// The first `name=` parameter of a raw query string: whether it is there, whether its escapes
// are malformed, and its decoded value.
struct QueryParam {
  bool present = false;
  bool malformed = false;
  std::string value;
};
QueryParam query_param(std::string_view query, std::string_view name);

}  // namespace roi::http

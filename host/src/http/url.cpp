#include "http/url.hpp"

#include <roi/sdk/helpers/encoding.hpp>

namespace roi::http {
QueryParam query_param(std::string_view query, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(pos, end - pos);
    std::size_t eq = part.find('=');
    std::string_view key = part.substr(0, eq);
    if (key == name) {
      QueryParam p;
      p.present = true;
      if (eq != std::string_view::npos) {
        auto decoded = sdk::helpers::percent_decode(part.substr(eq + 1));
        if (decoded) {
          p.value = std::move(*decoded);
        } else {
          p.malformed = true;
        }
      }
      return p;
    }
    pos = end + 1;
  }
  return {};
}

}  // namespace roi::http

#include "url_query.hpp"

#include <roi/sdk/helpers/encoding.hpp>

namespace roi::connector_check {

sdk::Headers url_parameters(std::string_view url) {
  const auto q = url.find('?');
  if (q == std::string::npos) return {};
  const auto end = url.find('#', q);
  return sdk::helpers::query_parameters(
      url.substr(q + 1, end == std::string::npos ? std::string::npos : end - q - 1));
}

std::optional<std::string> find_parameter(const sdk::Headers& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

}  // namespace roi::connector_check

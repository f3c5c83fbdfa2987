#include "url_query.hpp"

#include <cctype>
#include <sstream>

namespace roi::connector_check {

sdk::Headers query_parameters(std::string_view url) {
  sdk::Headers out;
  const auto q = url.find('?');
  if (q == std::string::npos) return out;
  const auto end = url.find('#', q);
  std::istringstream parts(
      std::string(url.substr(q + 1, end == std::string::npos ? std::string::npos : end - q - 1)));
  auto decode = [](const std::string& s) {
    std::string d;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        d.push_back(' ');
      } else if (s[i] == '%' && i + 2 < s.size() &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        d.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {
        d.push_back(s[i]);
      }
    }
    return d;
  };
  for (std::string pair; std::getline(parts, pair, '&');) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.emplace_back(decode(pair.substr(0, eq)),
                     eq == std::string::npos ? "" : decode(pair.substr(eq + 1)));
  }
  return out;
}

std::optional<std::string> find_parameter(const sdk::Headers& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

}  // namespace roi::connector_check

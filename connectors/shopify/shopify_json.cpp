#include "shopify_json.hpp"

#include <cctype>
#include <cstdio>
#include <roi/sdk/helpers/encoding.hpp>
#include <string_view>

namespace roi::shopify {

const rapidjson::Value& member(const rapidjson::Value& v, const char* name) {
  static const rapidjson::Value kNull;
  if (!v.IsObject()) return kNull;
  const auto it = v.FindMember(name);
  return it == v.MemberEnd() ? kNull : it->value;
}

std::string text(const rapidjson::Value& v, const char* name) {
  const auto& m = member(v, name);
  return m.IsString() ? std::string(m.GetString(), m.GetStringLength()) : std::string{};
}

std::optional<std::chrono::sys_seconds> parse_time(const std::string& text_) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, used = 0;
  if (std::sscanf(text_.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6)
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(y),
                                         std::chrono::month(static_cast<unsigned>(mo)),
                                         std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  auto rest = std::string_view(text_).substr(static_cast<std::size_t>(used));
  if (!rest.empty() && rest.front() == '.') {  // fractional seconds
    rest.remove_prefix(1);
    while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front())))
      rest.remove_prefix(1);
  }
  int offset = 0;
  if (rest == "Z") {
    offset = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) != 2)
      return std::nullopt;
    offset = (rest[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  return std::chrono::sys_seconds(std::chrono::sys_days(date)) +
         std::chrono::seconds(h * 3600 + mi * 60 + s - offset);
}

}  // namespace roi::shopify

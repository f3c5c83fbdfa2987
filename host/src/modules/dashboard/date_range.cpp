#include "modules/dashboard/date_range.hpp"

#include <cstdio>

#include "api/error.hpp"

namespace roi::modules::dashboard {
namespace {

std::optional<int> digits(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

Date read_date(const rapidjson::Value& input, const char* field) {
  const auto& v = input[field];
  auto date = parse_iso_date({v.GetString(), v.GetStringLength()});
  if (!date) throw api::invalid_input(field, "must be a calendar date written YYYY-MM-DD");
  return *date;
}

}  // namespace

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = digits(text.substr(0, 4));
  auto m = digits(text.substr(5, 2));
  auto d = digits(text.substr(8, 2));
  if (!y || !m || !d || *y < 1) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y},
                                        std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

std::string format_date(Date date) {
  const std::chrono::year_month_day ymd{date};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

DateRange DateRange::previous() const {
  const auto length = end - start + std::chrono::days{1};
  return {start - length, start - std::chrono::days{1}};
}

DateRange read_range(const rapidjson::Value& input) {
  DateRange range{read_date(input, "start"), read_date(input, "end")};
  if (range.end < range.start) throw api::invalid_input("end", "must not be before start");
  if (range.days() > kMaxRangeDays) {
    throw api::invalid_input("end", "must be at most two years (" + std::to_string(kMaxRangeDays) +
                                        " days) after start, inclusive");
  }
  // The previous period of a range must stay representable too.
  if (range.previous().start < Date{std::chrono::year{1} / 1 / 1}) {
    throw api::invalid_input("start", "is too early");
  }
  return range;
}

}  // namespace roi::modules::dashboard

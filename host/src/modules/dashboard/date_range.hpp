// Calendar dates at the API edge: strict ISO parsing and the range rules every dashboard
// procedure shares (inclusive, start <= end, at most kMaxRangeDays days).
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace roi::modules::dashboard {

using Date = std::chrono::sys_days;

// Two years, counting a leap day: 2024-01-01..2025-12-31 is the longest range starting 2024-01-01.
inline constexpr int kMaxRangeDays = 731;

// "YYYY-MM-DD" naming a real calendar day, or nullopt.
std::optional<Date> parse_iso_date(std::string_view text);
std::string format_date(Date date);

struct DateRange {
  Date start;
  Date end;  // inclusive

  int days() const { return static_cast<int>((end - start).count()) + 1; }
  // The period of equal length that ends the day before this one starts.
  DateRange previous() const;
};

// Reads input.start and input.end (already schema-checked strings). Throws api::Error(BAD_REQUEST)
// with data.field naming the field that breaks a rule.
DateRange read_range(const rapidjson::Value& input);

}  // namespace roi::modules::dashboard

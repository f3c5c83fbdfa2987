// Numbers and dates as platforms write them in JSON: int64 counts as strings ("204"), doubles as
// number text ("3.25", "1.5E2"), days as "YYYY-MM-DD". Parsed exactly, never through double.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roi::sdk::helpers {

// "204", "-7" → the integer; nullopt for anything else (signs other than '-', spaces, overflow).
std::optional<std::int64_t> parse_int64(std::string_view text);

// A platform object id made of digits only (Google customers, Meta ad accounts), 1–20 long.
bool is_numeric_id(std::string_view text);

// JSON number text → micros, rounded half away from zero past the sixth fractional digit
// (platforms send fractional conversions like 2.3333333333333335); nullopt when not a number or
// outside int64 micros.
std::optional<std::int64_t> parse_number_micros(std::string_view text);

// "2026-01-31" ↔ the date; parse_date gives nullopt for anything but a valid calendar date.
std::string format_date(std::chrono::year_month_day date);
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

// ISO 8601 in UTC to the second: "2026-01-31T12:00:00Z".
std::string format_utc_time(std::chrono::sys_seconds time);

}  // namespace roi::sdk::helpers

// How a report writes numbers, one rule per kind of figure, shared by the PDF and the insights:
// thousands separators, two decimals for money and ratios, signed changes with + and −.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "modules/dashboard/date_range.hpp"

namespace roi::modules::reports {

// "1,234.56 USD" from micros, rounded half away from zero to cents in integers (no float
// touches money); without a currency, the number alone.
std::string format_money(std::int64_t micros, const std::string& currency);
// "46,341".
std::string format_count(std::int64_t n);
// Conversions: "1,452" when whole, else "1,452.80".
std::string format_conversions(std::int64_t milli);
// A ratio or amount with thousands separators and `digits` decimals; "n/a" when undefined.
std::string format_decimal(std::optional<double> v, int digits);
// A share as "57.1%".
std::string format_percent(double share);
// A relative change as "+12.5%" or "−3.0%" (U+2212); "n/a" when undefined.
std::string format_change(std::optional<double> change);
// A difference of shares in percentage points: "+17.1 pts".
std::string format_points(double share_difference);
// "1 Feb 2024".
std::string format_day(dashboard::Date d, bool with_year = true);

// (now - before) / before, or nullopt when either is undefined or before is zero.
std::optional<double> relative_change(std::optional<double> before, std::optional<double> now);

// part / whole, or 0 when whole is 0.
double share(std::int64_t part, std::int64_t whole);

// "google-ads" → "Google Ads": platform ids are shown by a rule, never by name.
std::string platform_label(const std::string& platform);

}  // namespace roi::modules::reports

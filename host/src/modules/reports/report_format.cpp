#include "modules/reports/report_format.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace roi::modules::reports {
namespace {

constexpr const char* kMinus = "\u2212";

std::string group_thousands(const std::string& digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Non-negative `v` with `digits` decimals and separators in its integer part.
std::string grouped(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  const auto dot = s.find('.');
  const std::string whole = dot == std::string::npos ? s : s.substr(0, dot);
  return group_thousands(whole) + (dot == std::string::npos ? "" : s.substr(dot));
}

std::string signed_number(double v, int digits, const char* suffix) {
  // Rounded first, so a change that prints as zero carries no sign.
  const double scale = std::pow(10.0, digits);
  const double rounded = std::round(v * scale) / scale;
  const std::string sign = rounded > 0 ? "+" : rounded < 0 ? kMinus : "";
  return sign + grouped(std::fabs(rounded), digits) + suffix;
}

}  // namespace

std::string format_money(std::int64_t micros, const std::string& currency) {
  const bool negative = micros < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(micros + 1)) + 1 : static_cast<std::uint64_t>(micros);
  const std::uint64_t cents = (magnitude + 5000) / 10000;
  const std::uint64_t frac = cents % 100;
  std::string out = negative && cents > 0 ? "-" : "";
  out += group_thousands(std::to_string(cents / 100)) + "." + (frac < 10 ? "0" : "") +
         std::to_string(frac);
  if (!currency.empty()) out += " " + currency;
  return out;
}

std::string format_count(std::int64_t n) {
  const std::string digits = group_thousands(std::to_string(n < 0 ? -n : n));
  return (n < 0 ? "-" : "") + digits;
}

std::string format_conversions(std::int64_t milli) {
  if (milli % 1000 == 0) return format_count(milli / 1000);
  return format_decimal(static_cast<double>(milli) / 1000.0, 2);
}

std::string format_decimal(std::optional<double> v, int digits) {
  if (!v) return "n/a";
  return (*v < 0 ? "-" : "") + grouped(std::fabs(*v), digits);
}

std::string format_percent(double share) { return grouped(share * 100.0, 1) + "%"; }

std::string format_change(std::optional<double> change) {
  if (!change) return "n/a";
  return signed_number(*change * 100.0, 1, "%");
}

std::string format_points(double share_difference) {
  return signed_number(share_difference * 100.0, 1, " pts");
}

std::string format_day(dashboard::Date d, bool with_year) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::year_month_day ymd{d};
  std::string out = std::to_string(static_cast<unsigned>(ymd.day())) + " " +
                    kMonths[static_cast<unsigned>(ymd.month()) - 1];
  if (with_year) out += " " + std::to_string(static_cast<int>(ymd.year()));
  return out;
}

std::optional<double> relative_change(std::optional<double> before, std::optional<double> now) {
  if (!before || !now || *before == 0) return std::nullopt;
  return (*now - *before) / *before;
}

double share(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::string platform_label(const std::string& platform) {
  std::string out;
  bool word_start = true;
  for (const char ch : platform) {
    if (ch == '-' || ch == '_') {
      out += ' ';
      word_start = true;
      continue;
    }
    out += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    word_start = false;
  }
  return out;
}

}  // namespace roi::modules::reports

#include "roi/sdk/helpers/numbers.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <string>

namespace roi::sdk::helpers {
namespace {

bool is_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_int64(std::string_view text) {
  std::int64_t out = 0;
  const std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
  if (!is_digits(digits)) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

bool is_numeric_id(std::string_view text) { return text.size() <= 20 && is_digits(text); }

std::optional<std::int64_t> parse_number_micros(std::string_view text) {
  // JSON grammar: -?int(.frac)?([eE][+-]?exp)?; the value is digits × 10^(exp - fraction size).
  const bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  const auto e = text.find_first_of("eE");
  std::string_view mantissa = text.substr(0, e);
  long long exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view exp_text = text.substr(e + 1);
    if (exp_text.starts_with('+')) exp_text.remove_prefix(1);
    const auto parsed = parse_int64(exp_text);
    if (!parsed || *parsed < -400 || *parsed > 400) return std::nullopt;
    exponent = *parsed;
  }
  const auto dot = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : mantissa.substr(dot + 1);
  if (!is_digits(whole) || (dot != std::string_view::npos && !is_digits(fraction))) {
    return std::nullopt;
  }
  std::string digits = std::string(whole) + std::string(fraction);
  // Shift so the last six digits are the micros; what falls off decides the rounding.
  const long long shift = exponent - static_cast<long long>(fraction.size()) + 6;
  bool round_up = false;
  if (shift >= 0) {
    if (shift > 40) return std::nullopt;
    digits.append(static_cast<std::size_t>(shift), '0');
  } else {
    const auto drop = static_cast<std::size_t>(-shift);
    if (drop >= digits.size()) {
      round_up = drop == digits.size() && digits.front() >= '5';
      digits = "0";
    } else {
      round_up = digits[digits.size() - drop] >= '5';
      digits.resize(digits.size() - drop);
    }
  }
  std::int64_t value = 0;
  for (char c : digits) {
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_add_overflow(value, c - '0', &value)) {
      return std::nullopt;
    }
  }
  if (round_up && __builtin_add_overflow(value, 1, &value)) return std::nullopt;
  return negative ? -value : value;
}

std::string format_date(std::chrono::year_month_day date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

std::string format_utc_time(std::chrono::sys_seconds time) {
  const std::time_t t = time.time_since_epoch().count();
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = parse_int64(text.substr(0, 4));
  const auto m = parse_int64(text.substr(5, 2));
  const auto d = parse_int64(text.substr(8, 2));
  if (!y || !m || !d || *y < 0) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{static_cast<int>(*y)},
                                         std::chrono::month{static_cast<unsigned>(*m)},
                                         std::chrono::day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace roi::sdk::helpers

#include "roi/sdk/helpers/money.hpp"

#include <limits>

#include "roi/sdk/errors.hpp"

namespace roi::sdk::helpers {
namespace {

constexpr std::int64_t kMicros = 1'000'000;

bool mul_add(std::int64_t& acc, std::int64_t mul, std::int64_t add) {
  return !__builtin_mul_overflow(acc, mul, &acc) && !__builtin_add_overflow(acc, add, &acc);
}

}  // namespace

bool is_currency_code(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

std::optional<std::int64_t> parse_decimal_micros(std::string_view amount) {
  bool negative = false;
  if (!amount.empty() && (amount[0] == '-' || amount[0] == '+')) {
    negative = amount[0] == '-';
    amount.remove_prefix(1);
  }
  const auto dot = amount.find('.');
  std::string_view whole = amount.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : amount.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) return std::nullopt;
  while (fraction.size() > 6 && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > 6) return std::nullopt;

  std::int64_t value = 0;  // accumulated as a negative number so INT64_MIN micros parses too
  for (char c : whole) {
    if (c < '0' || c > '9' || !mul_add(value, 10, -(c - '0'))) return std::nullopt;
  }
  std::int64_t frac = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    frac = frac * 10 + (c - '0');
  }
  if (!mul_add(value, kMicros, -frac)) return std::nullopt;
  if (negative) return value;
  if (value == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
  return -value;
}

Money parse_money(std::string_view amount, std::string_view currency, std::string_view field) {
  if (!is_currency_code(currency)) {
    throw permanent("the platform sent an invalid currency code in '" + std::string(field) + "'");
  }
  auto micros = parse_decimal_micros(amount);
  if (!micros)
    throw permanent("the platform sent an invalid amount in '" + std::string(field) + "'");
  return Money{*micros, std::string(currency)};
}

Money from_minor_units(std::int64_t amount, int exponent, std::string_view currency) {
  if (!is_currency_code(currency)) throw permanent("invalid currency code");
  if (exponent < 0 || exponent > 6) throw permanent("unsupported currency exponent");
  std::int64_t scale = 1;
  for (int i = exponent; i < 6; ++i) scale *= 10;
  std::int64_t micros = 0;
  if (__builtin_mul_overflow(amount, scale, &micros)) throw permanent("amount out of range");
  return Money{micros, std::string(currency)};
}

}  // namespace roi::sdk::helpers

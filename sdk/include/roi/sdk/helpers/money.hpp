// Money parsing for platform payloads: decimal strings ("12.34") and minor units (Stripe's
// cents) to integer micros, with the currency code checked. No floating point anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "roi/sdk/model.hpp"

namespace roi::sdk::helpers {

// Three upper-case ASCII letters.
bool is_currency_code(std::string_view code);

// "12.34", "-0.5", "1000" → micros; nullopt for anything else, more than 6 significant
// fractional digits, or a value outside int64 micros.
std::optional<std::int64_t> parse_decimal_micros(std::string_view amount);

// Throws Permanent (naming `field`) when the amount or currency is not valid.
Money parse_money(std::string_view amount, std::string_view currency, std::string_view field);

// `amount` in units of 10^-exponent (cents: exponent 2, yen: 0) → Money. Throws Permanent on
// overflow or an exponent above 6.
Money from_minor_units(std::int64_t amount, int exponent, std::string_view currency);

}  // namespace roi::sdk::helpers

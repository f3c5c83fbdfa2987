// The app install on a merchant's shop: the shop domain check, the shop's base URL (a setting lets
// tests point it at the simulator) and the checks on the install callback Shopify signs.
#pragma once

#include <chrono>
#include <roi/sdk/connector.hpp>
#include <string>

namespace roi::shopify {

// ^[a-z0-9][a-z0-9-]*\.myshopify\.com$: nothing else may become part of a URL we call.
bool valid_shop(std::string_view shop);

// https://{shop}, or the `shop_base_url` setting with "{shop}" replaced.
std::string shop_base(const sdk::HostServices& host, const std::string& shop);

// Callbacks older (or newer) than this are refused, as Shopify's own library does.
inline constexpr std::chrono::seconds kCallbackTolerance{90};

// Throws Permanent unless `query` carries a valid shop, a timestamp within the tolerance of
// `now`, and an hmac equal (compared in constant time) to the hex HMAC-SHA256 under `secret` of
// the other parameters sorted by name and form-encoded. Returns the shop.
std::string verify_callback(const sdk::Headers& query, const std::string& secret,
                            std::chrono::system_clock::time_point now);

}  // namespace roi::shopify

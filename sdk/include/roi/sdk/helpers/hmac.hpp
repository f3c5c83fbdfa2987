// Webhook signature checks (HMAC-SHA256, as Shopify, Stripe and Meta sign): computed with
// OpenSSL and compared in constant time.
#pragma once

#include <string>
#include <string_view>

namespace roi::sdk::helpers {

// The raw 32-byte SHA-256 digest (e.g. of a delivery's body, as a key for what it asks).
std::string sha256(std::string_view message);

// The raw 32-byte MAC.
std::string hmac_sha256(std::string_view key, std::string_view message);

// True when `signature` (hex, either case / base64) is the HMAC-SHA256 of `message` under `key`.
bool verify_hmac_sha256_hex(std::string_view key, std::string_view message,
                            std::string_view signature);
bool verify_hmac_sha256_base64(std::string_view key, std::string_view message,
                               std::string_view signature);

// Compares a token someone sent with the configured one in constant time; an empty `expected`
// matches nothing.
bool equal_secrets(std::string_view given, std::string_view expected);

}  // namespace roi::sdk::helpers

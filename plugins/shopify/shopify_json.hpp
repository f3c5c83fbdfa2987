// How Shopify writes values, for both order shapes (GraphQL nodes and REST webhook payloads):
// JSON member lookups, ISO 8601 times, and utm_* parameters of a landing page URL.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <optional>
#include <string>

namespace roi::shopify {

// The member, or a null value when `v` is not an object or has none.
const rapidjson::Value& member(const rapidjson::Value& v, const char* name);
// A string member, or empty.
std::string text(const rapidjson::Value& v, const char* name);
std::optional<std::string> present(std::string s);  // nullopt for empty

// One parameter of a URL's query, form-decoded by the SDK's encoding helpers; empty when absent or
// malformed.
std::string query_value(const std::string& url, const std::string& name);

// ISO 8601 as Shopify writes it: 2026-01-02T03:04:05Z or with a ±hh:mm offset.
std::optional<std::chrono::sys_seconds> parse_time(const std::string& text);

}  // namespace roi::shopify

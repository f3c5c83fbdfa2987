// How Shopify writes values, for both order shapes (GraphQL nodes and REST webhook payloads):
// JSON member lookups and ISO 8601 times (landing pages are read by sdk helpers/visit.hpp).
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

// ISO 8601 as Shopify writes it: 2026-01-02T03:04:05Z or with a ±hh:mm offset.
std::optional<std::chrono::sys_seconds> parse_time(const std::string& text);

}  // namespace roi::shopify

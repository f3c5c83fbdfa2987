// JSON at the edge: parsing hostile text (depth-limited, UTF-8 validated, no recursion).
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "text/utf8.hpp"

namespace roi::api {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses `text` into `doc`. Throws Error(PARSE_ERROR) on malformed JSON, invalid UTF-8, or nesting
// deeper than kMaxJsonDepth.
void parse_json(std::string_view text, rapidjson::Document& doc);

using text::sanitize_for_echo;

}  // namespace roi::api

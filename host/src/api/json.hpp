// JSON at the edge: parsing hostile text (depth-limited, UTF-8 validated, no recursion), and
// writing an answer's members one line each.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "text/utf8.hpp"

namespace roi::api {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses `text` into `doc`. Throws Error(PARSE_ERROR) on malformed JSON, invalid UTF-8, or nesting
// deeper than kMaxJsonDepth.
void parse_json(std::string_view text, rapidjson::Document& doc);

using text::sanitize_for_echo;

namespace detail {
template <typename T>
inline constexpr bool kIsOptional = false;
template <typename T>
inline constexpr bool kIsOptional<std::optional<T>> = true;
}  // namespace detail

// One JSON value as its C++ type says: bool, integer, floating point, text (anything a
// std::string_view takes); an empty optional is null.
template <typename T>
void scalar(JsonWriter& out, const T& value) {
  if constexpr (detail::kIsOptional<T>) {
    if (value) {
      scalar(out, *value);
    } else {
      out.Null();
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    out.Bool(value);
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    out.Int64(value);
  } else if constexpr (std::is_integral_v<T>) {
    out.Uint64(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    out.Double(value);
  } else {
    const std::string_view text(value);
    out.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
}

// `"key": value` in the object being written.
template <typename T>
void member(JsonWriter& out, std::string_view key, const T& value) {
  out.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  scalar(out, value);
}

}  // namespace roi::api

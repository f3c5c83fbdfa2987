// RapidJSON helpers shared by the simulator's platform files: building bodies and reading requests.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace roi::sim {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Runs `fill` on a fresh writer and returns the text it wrote.
template <class Fill>
std::string write_json(Fill&& fill) {
  rapidjson::StringBuffer sb;
  JsonWriter w(sb);
  fill(w);
  return sb.GetString();
}

inline void put(JsonWriter& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

inline void put_int(JsonWriter& w, std::string_view key, std::int64_t value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.Int64(value);
}

inline void key(JsonWriter& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}

inline void str(JsonWriter& w, std::string_view v) {
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}

// Parses `text`; on failure returns false and puts a short reason in `error`.
inline bool parse_json(std::string_view text, rapidjson::Document& doc, std::string& error) {
  doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(text.data(),
                                                                                    text.size());
  if (!doc.HasParseError()) return true;
  error = std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " at offset " +
          std::to_string(doc.GetErrorOffset());
  return false;
}

inline std::string string_member(const rapidjson::Value& obj, const char* name) {
  if (!obj.IsObject()) return {};
  const auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

}  // namespace roi::sim

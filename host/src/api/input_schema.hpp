// A procedure's input contract, written as JSON Schema (draft 4, as RapidJSON implements it) and
// checked before the handler runs. Failures name the offending field.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace roi::api {

class InputSchema {
 public:
  // Throws std::invalid_argument when `schema_json` is not valid JSON: a programming error.
  explicit InputSchema(std::string_view schema_json);

  // Throws Error(BAD_REQUEST) naming the field and the rule it breaks. Safe to call from any
  // number of threads at once.
  void validate(const rapidjson::Value& input) const;

  // The schema as registered, for the schema document.
  const std::string& source() const { return source_; }

  // True when `{}` passes: every field is optional, so a call without input means `{}`.
  bool accepts_empty_object() const { return accepts_empty_object_; }

  // A schema compiled for one thread: RapidJSON's regex (the "pattern" keyword) keeps its match
  // state inside the compiled schema, so a compiled schema must never be shared across threads.
  struct Compiled {
    rapidjson::Document doc;
    std::unique_ptr<rapidjson::SchemaDocument> schema;
  };

 private:
  const Compiled& for_this_thread() const;

  std::string source_;
  std::uint64_t id_;
  bool accepts_empty_object_ = false;
  bool has_integers_ = false;  // some field is an integer: checked against the int64 range
};

}  // namespace roi::api

// A procedure's input contract, written as JSON Schema (draft 4, as RapidJSON implements it) and
// checked before the handler runs. Failures name the offending field.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <string_view>

namespace roi::api {

class InputSchema {
 public:
  // Throws std::invalid_argument when `schema_json` is not valid JSON: a programming error.
  explicit InputSchema(std::string_view schema_json);

  // Throws Error(BAD_REQUEST) naming the field and the rule it breaks.
  void validate(const rapidjson::Value& input) const;

 private:
  rapidjson::Document schema_doc_;
  std::unique_ptr<rapidjson::SchemaDocument> schema_;
};

}  // namespace roi::api

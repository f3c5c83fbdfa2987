// The connect form a connector declares (a JSON Schema object of string properties) checked as
// the host uses it: it parses, every property is a string, and what the user typed validates.
#pragma once

#include <optional>
#include <roi/sdk/host_services.hpp>
#include <string>
#include <vector>

namespace roi::connector_check {

struct FormSchema {
  std::vector<std::string> properties;
  std::vector<std::string> secrets;  // "writeOnly": true
  std::string text;
};

// The schema, or the first problem with it.
std::optional<std::string> parse_form_schema(const std::string& text, FormSchema& out);

// Nullopt when `fields` (as one JSON object of strings) validates against the schema.
std::optional<std::string> validate_form(const FormSchema& schema, const sdk::Headers& fields);

}  // namespace roi::connector_check

#include "form_schema.hpp"

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace roi::connector_check {

std::optional<std::string> parse_form_schema(const std::string& text, FormSchema& out) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return "the connect form schema is not a JSON object";
  if (!doc.HasMember("properties") || !doc["properties"].IsObject()) {
    return "the connect form schema has no \"properties\" object";
  }
  out = FormSchema{{}, {}, text};
  for (const auto& p : doc["properties"].GetObject()) {
    const auto& spec = p.value;
    if (!spec.IsObject() || !spec.HasMember("type") || !spec["type"].IsString() ||
        std::string_view(spec["type"].GetString()) != "string") {
      return std::string("form property '") + p.name.GetString() + "' is not of type string";
    }
    out.properties.emplace_back(p.name.GetString());
    if (spec.HasMember("writeOnly") && spec["writeOnly"].IsBool() && spec["writeOnly"].GetBool()) {
      out.secrets.emplace_back(p.name.GetString());
    }
  }
  return std::nullopt;
}

std::optional<std::string> validate_form(const FormSchema& schema, const sdk::Headers& fields) {
  rapidjson::Document schema_doc;
  schema_doc.Parse(schema.text.c_str(), schema.text.size());
  const rapidjson::SchemaDocument compiled(schema_doc);
  rapidjson::Document input(rapidjson::kObjectType);
  auto& a = input.GetAllocator();
  for (const auto& [key, value] : fields) {
    input.AddMember(rapidjson::Value(key.c_str(), a), rapidjson::Value(value.c_str(), a), a);
  }
  rapidjson::SchemaValidator validator(compiled);
  if (input.Accept(validator)) return std::nullopt;
  rapidjson::StringBuffer where;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
  return std::string("the form fields do not match the schema (") +
         validator.GetInvalidSchemaKeyword() + " at " + where.GetString() + ")";
}

}  // namespace roi::connector_check

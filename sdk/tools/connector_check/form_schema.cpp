#include "form_schema.hpp"

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace roi::connector_check {

std::optional<std::string> validate_form(const std::string& form_schema,
                                         const sdk::Headers& fields) {
  rapidjson::Document schema_doc;
  schema_doc.Parse(form_schema.c_str(), form_schema.size());
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

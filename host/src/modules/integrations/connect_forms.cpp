#include "modules/integrations/connect_forms.hpp"

#include <rapidjson/document.h>

#include <stdexcept>

namespace roi::modules::integrations {
namespace {

bool flag(const rapidjson::Value& property, const char* name) {
  const auto it = property.FindMember(name);
  return it != property.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

std::shared_ptr<const ConnectForm> compile(const std::string& form_schema) {
  auto form = std::make_shared<ConnectForm>();
  if (form_schema.empty()) {
    form->schema = std::make_shared<api::InputSchema>(
        R"({"type": "object", "properties": {"params": {"type": "object", "maxProperties": 0}}})");
    return form;
  }
  rapidjson::Document doc;
  doc.Parse(form_schema.data(), form_schema.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw std::invalid_argument("a connect form schema is not a JSON object");
  }
  const auto properties = doc.FindMember("properties");
  if (properties != doc.MemberEnd() && properties->value.IsObject()) {
    for (const auto& p : properties->value.GetObject()) {
      if (!p.value.IsObject()) continue;
      const std::string name(p.name.GetString(), p.name.GetStringLength());
      if (flag(p.value, "x-roi-account") && form->account_field.empty()) form->account_field = name;
      if (flag(p.value, "writeOnly")) form->secret_fields.push_back(name);
    }
  }
  form->schema = std::make_shared<api::InputSchema>(
      R"({"type": "object", "required": ["params"], "properties": {"params": )" + form_schema +
      "}}");
  return form;
}

}  // namespace

std::shared_ptr<const ConnectForm> ConnectForms::get(const std::string& form_schema) {
  std::lock_guard lock(mutex_);
  auto it = forms_.find(form_schema);
  if (it == forms_.end()) it = forms_.emplace(form_schema, compile(form_schema)).first;
  return it->second;
}

}  // namespace roi::modules::integrations

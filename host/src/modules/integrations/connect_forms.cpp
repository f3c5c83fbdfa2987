#include "modules/integrations/connect_forms.hpp"

#include <rapidjson/document.h>

#include <stdexcept>

#include "connector/output_checks.hpp"

namespace roi::modules::integrations {
namespace {

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
  auto fields = plugins::form_fields(form_schema);
  form->account_field = std::move(fields.account_field);
  form->secret_fields = std::move(fields.secrets);
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

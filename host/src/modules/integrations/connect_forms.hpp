// The connect forms connectors declare (sdk::ConnectSpec::form_schema), each compiled once: the
// check of integrations.connect's `params`, the field naming the one account a login must come
// back with ("x-roi-account": true, Shopify's shop) and the secret fields ("writeOnly": true).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/input_schema.hpp"

namespace roi::modules::integrations {

struct ConnectForm {
  // Checks {"params": {...}}, so a failure names the field as params.<name>.
  std::shared_ptr<const api::InputSchema> schema;
  std::string account_field;  // empty: any account
  std::vector<std::string> secret_fields;
};

class ConnectForms {
 public:
  // The form for `form_schema` (empty: no fields). Throws std::invalid_argument when it is not
  // a JSON object, which the plugin host's description checks already refuse.
  std::shared_ptr<const ConnectForm> get(const std::string& form_schema);

 private:
  std::mutex mutex_;
  // By schema text: a swap that keeps its form reuses it; one compiled form per distinct form.
  std::map<std::string, std::shared_ptr<const ConnectForm>, std::less<>> forms_;
};

}  // namespace roi::modules::integrations

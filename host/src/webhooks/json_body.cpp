#include "webhooks/json_body.hpp"

#include "api/error.hpp"
#include "api/json.hpp"

namespace roi::webhooks {

bool parse_json_object(std::string_view body, rapidjson::Document& doc) {
  try {
    api::parse_json(body, doc);
  } catch (const api::Error&) {
    return false;
  }
  return doc.IsObject();
}

}  // namespace roi::webhooks

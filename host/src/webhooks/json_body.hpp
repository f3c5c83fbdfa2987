// A webhook body as JSON: parsed with the API's hostile-input limits, and only when it is an
// object, so providers and handlers never repeat the checks.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

namespace roi::webhooks {

// False (and `doc` unusable) when `body` is not valid JSON with an object at the top.
bool parse_json_object(std::string_view body, rapidjson::Document& doc);

}  // namespace roi::webhooks

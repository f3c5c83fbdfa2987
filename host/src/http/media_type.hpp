// Content-Type checks shared by the routes that take a body.
#pragma once

#include <string_view>

namespace roi::http {

// True for "application/json", in any case, with or without parameters ("; charset=utf-8").
bool is_json_content_type(std::string_view content_type);

}  // namespace roi::http

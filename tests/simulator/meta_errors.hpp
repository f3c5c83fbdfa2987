// Graph API error bodies: {"error":{"message","type","code","error_subcode","fbtrace_id",...}}.
#pragma once

#include <cstdint>
#include <string>

#include "http.hpp"

namespace roi::sim::meta {

struct GraphError {
  unsigned http = 400;  // Graph usually answers 400; clients must dispatch on `code`
  std::int64_t code = 100;
  std::string message;
  std::string type = "OAuthException";
  std::int64_t subcode = 0;  // 0: no error_subcode field
  bool transient = false;    // adds "is_transient":true, as throttling errors carry
};

Response graph_error(const GraphError& e);

}  // namespace roi::sim::meta

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

// The refusals of a token the Graph API no longer accepts, the same on every endpoint: one the
// user's password change (or Meta) invalidated (190/460), and one it cannot parse (190).
Response revoked_token();
Response unparsable_token();

}  // namespace roi::sim::meta

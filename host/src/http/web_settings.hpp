// Where the host is reached from (web.*) and the declarations of those keys: the browser origin
// CORS admits and this API's own origin for OAuth callbacks.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::http {

struct WebSettings {
  std::string frontend_url;  // the one origin CORS admits, with credentials
  std::string public_url;    // this API's origin for OAuth callbacks; empty: the Host header
};

std::vector<config::Key<WebSettings>> web_keys();

}  // namespace roi::http

#include "http/web_settings.hpp"

namespace roi::http {

std::vector<config::Key<WebSettings>> web_keys() {
  using S = WebSettings;
  return {
      config::string_key<S>(
          "web.frontend_url", "FRONTEND_URL", "http://localhost:3000", &S::frontend_url,
          "the one origin CORS admits, with credentials",
          [](const std::string& v) { config::check_origin("web.frontend_url", v); }),
      config::optional_key<S>(
          "web.public_url", "PUBLIC_URL", &S::public_url,
          "this API's origin for OAuth callbacks; empty: the Host header",
          [](const std::string& v) { config::check_origin("web.public_url", v); }),
  };
}

}  // namespace roi::http

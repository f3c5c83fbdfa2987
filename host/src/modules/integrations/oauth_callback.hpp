// GET /api/oauth/{platform}/callback: where Google and Meta send the browser after consent. The
// connect is finished (or refused) and the browser is redirected to the frontend with the outcome.
#pragma once

#include <string>

#include "http/message.hpp"
#include "integrations/connect_flow.hpp"

namespace roi::modules::integrations {

inline constexpr std::string_view kOAuthCallbackPrefix = "/api/oauth/";

class OAuthCallback {
 public:
  OAuthCallback(roi::integrations::ConnectFlow& flow, std::string frontend_url)
      : flow_(flow), frontend_url_(std::move(frontend_url)) {}

  // 302 to FRONTEND_URL/integrations?platform=..&status=connected|error&message=..; 404 for an
  // unknown platform or path, 405 for anything but GET.
  http::Response handle(const http::Request& request);

 private:
  roi::integrations::ConnectFlow& flow_;
  std::string frontend_url_;
};

}  // namespace roi::modules::integrations

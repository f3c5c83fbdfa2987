// GET /api/oauth/{platform}/callback: where a platform sends the browser after consent, for any
// loaded connector connected by OAuth 2. The connect is finished (or refused) and the browser is
// redirected to the frontend with the outcome.
#pragma once

#include <string>

#include "http/message.hpp"
#include "integrations/connect_flow.hpp"
#include "plugins/plugin_host.hpp"

namespace roi::modules::integrations {

inline constexpr std::string_view kOAuthCallbackPrefix = "/api/oauth/";

class OAuthCallback {
 public:
  OAuthCallback(roi::integrations::ConnectFlow& flow, const plugins::PluginHost& plugins,
                std::string frontend_url)
      : flow_(flow), plugins_(plugins), frontend_url_(std::move(frontend_url)) {}

  // 302 to FRONTEND_URL/?connected=<id> (or connectError=<id>)&platform=<id>
  // &status=connected|error&message=..[&accounts=N]; 404 for a
  // platform no loaded OAuth connector serves, or another path; 405 for anything but GET.
  http::Response handle(const http::Request& request);

 private:
  roi::integrations::ConnectFlow& flow_;
  const plugins::PluginHost& plugins_;
  std::string frontend_url_;
};

}  // namespace roi::modules::integrations

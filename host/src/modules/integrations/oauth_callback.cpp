#include "modules/integrations/oauth_callback.hpp"

#include <optional>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/http.hpp>

#include "http/url.hpp"

namespace roi::modules::integrations {
namespace {

http::Response json_error(int status, const char* message) {
  return http::Response::json(status, std::string(R"({"error":{"message":")") + message + "\"}}");
}

// A parameter's decoded value; empty when absent or malformed (the flow refuses what it needs).
std::string param(const http::Request& request, std::string_view name) {
  auto p = http::query_param(request.query, name);
  return p.present && !p.malformed ? p.value : std::string{};
}

// The loaded OAuth 2 connector `id`.
std::optional<roi::integrations::Platform> oauth_platform(const plugins::PluginHost& plugins,
                                                          std::string_view id) {
  for (const auto& d : plugins.connectors()) {
    if (d.id == id && d.connect.method == sdk::ConnectMethod::OAuth2) {
      return roi::integrations::Platform{d.id, d.name};
    }
  }
  return std::nullopt;
}

}  // namespace

http::Response OAuthCallback::handle(const http::Request& request) {
  std::string_view path = request.path;
  path.remove_prefix(kOAuthCallbackPrefix.size());
  const auto slash = path.find('/');
  const auto platform = slash == std::string_view::npos
                            ? std::nullopt
                            : oauth_platform(plugins_, path.substr(0, slash));
  if (!platform || path.substr(slash) != "/callback") return json_error(404, "Not found");
  if (request.method != "GET") return json_error(405, "Method not allowed");

  roi::integrations::CallbackParams params{param(request, "state"), param(request, "code"),
                                           param(request, "error"),
                                           sdk::helpers::query_parameters(request.query)};
  if (params.error.empty() && http::query_param(request.query, "error").present) {
    params.error = "unreadable";
  }
  const auto result = flow_.finish(*platform, params);

  // The frontend's one page: `connected=<id>` or `connectError=<id>` tells it what happened.
  const std::string id = sdk::helpers::url_encode(platform->id);
  std::string location = frontend_url_ + "/?" + (result.ok ? "connected=" : "connectError=") + id +
                         "&platform=" + id + "&status=" + (result.ok ? "connected" : "error") +
                         "&message=" + sdk::helpers::url_encode(result.message);
  if (result.ok) location += "&accounts=" + std::to_string(result.accounts);
  http::Response response;
  response.status = 302;
  response.headers = {{"Location", location},
                      {"Cache-Control", "no-store"},
                      // The code and state in this URL must not leak to the frontend's referrers.
                      {"Referrer-Policy", "no-referrer"}};
  return response;
}

}  // namespace roi::modules::integrations

#include "roi/sdk/helpers/oauth.hpp"

#include <rapidjson/document.h>

#include "roi/sdk/helpers/http.hpp"

namespace roi::sdk::helpers {
namespace {

std::string required_setting(const HostServices& host, std::string_view name) {
  auto value = host.setting(name);
  if (!value || value->empty()) {
    throw permanent("the connector is not configured: setting '" + std::string(name) +
                    "' is missing");
  }
  return *value;
}

std::string string_field(const rapidjson::Document& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string{};
}

Credentials token_request(HostServices& host, const OAuthClient& client, Headers form,
                          std::string_view what) {
  form.emplace_back("client_id", client.client_id);
  form.emplace_back("client_secret", client.client_secret);
  HttpRequest request;
  request.method = "POST";
  request.url = client.token_url;
  request.headers = {{"content-type", "application/x-www-form-urlencoded"},
                     {"accept", "application/json"}};
  request.body = form_encode(form);
  HttpResponse response = host.http(request);

  rapidjson::Document doc;
  doc.Parse(response.body.data(), response.body.size());
  const bool json = !doc.HasParseError() && doc.IsObject();
  // RFC 6749 §5.2: a revoked or expired grant is invalid_grant with status 400.
  if (response.status == 400 && json && string_field(doc, "error") == "invalid_grant") {
    throw needs_reauth(std::string(what) + ": the platform no longer accepts this grant");
  }
  expect_success(response, what);
  if (!json) throw permanent(std::string(what) + ": the token endpoint did not answer JSON");

  Credentials out;
  out.access_token = string_field(doc, "access_token");
  if (out.access_token.empty()) {
    throw permanent(std::string(what) + ": the token endpoint sent no access_token");
  }
  out.refresh_token = string_field(doc, "refresh_token");
  out.scope = string_field(doc, "scope");
  if (auto it = doc.FindMember("expires_in"); it != doc.MemberEnd() && it->value.IsInt64() &&
                                              it->value.GetInt64() > 0) {
    out.expires_at = std::chrono::time_point_cast<std::chrono::seconds>(host.now()) +
                     std::chrono::seconds{it->value.GetInt64()};
  }
  return out;
}

}  // namespace

OAuthClient client_from_settings(const HostServices& host, std::string authorize_url,
                                 std::string token_url, std::vector<std::string> scopes) {
  return OAuthClient{std::move(authorize_url), std::move(token_url),
                     required_setting(host, "client_id"), required_setting(host, "client_secret"),
                     std::move(scopes)};
}

OAuthStart authorize(const OAuthClient& client, const OAuthStartRequest& request) {
  std::string scope;
  for (const auto& s : client.scopes) scope += (scope.empty() ? "" : " ") + s;
  Headers query = {{"response_type", "code"},
                   {"client_id", client.client_id},
                   {"redirect_uri", request.redirect_uri},
                   {"state", request.state}};
  if (!scope.empty()) query.emplace_back("scope", scope);
  return OAuthStart{with_query(client.authorize_url, query)};
}

Credentials exchange_code(HostServices& host, const OAuthClient& client,
                          const OAuthFinishRequest& request) {
  if (request.code.empty()) throw permanent("the platform sent no authorization code");
  return token_request(host, client,
                       {{"grant_type", "authorization_code"},
                        {"code", request.code},
                        {"redirect_uri", request.redirect_uri}},
                       "exchange the authorization code");
}

Credentials refresh(HostServices& host, const OAuthClient& client, const Credentials& credentials) {
  if (credentials.refresh_token.empty()) throw needs_reauth("there is no refresh token");
  Credentials out = token_request(
      host, client, {{"grant_type", "refresh_token"}, {"refresh_token", credentials.refresh_token}},
      "refresh the access token");
  if (out.refresh_token.empty()) out.refresh_token = credentials.refresh_token;
  return out;
}

}  // namespace roi::sdk::helpers

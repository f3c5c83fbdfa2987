#include "roi/sdk/helpers/oauth.hpp"

#include <rapidjson/document.h>

#include "roi/sdk/helpers/http.hpp"
#include "roi/sdk/helpers/settings.hpp"

namespace roi::sdk::helpers {
namespace {

std::string string_field(const rapidjson::Document& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string{};
}

}  // namespace

Credentials token_request(HostServices& host, const OAuthClient& client, Headers form,
                          std::string_view what) {
  form.emplace_back("client_id", client.client_id);
  form.emplace_back("client_secret", client.client_secret);
  HttpRequest request;
  request.headers = {{"accept", "application/json"}};
  if (client.token_via_get) {
    request.url = with_query(client.token_url, form);
  } else {
    request.method = "POST";
    request.url = client.token_url;
    request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    request.body = form_encode(form);
  }
  HttpResponse response = host.http(request);
  if (client.classify_error && response.status != 0 &&
      (response.status < 200 || response.status >= 300)) {
    client.classify_error(response);
  }

  rapidjson::Document doc;
  doc.Parse(response.body.data(), response.body.size());
  const bool json = !doc.HasParseError() && doc.IsObject();
  // RFC 6749 §5.2: a revoked or expired grant is invalid_grant with status 400.
  if (response.status == 400 && json && string_field(doc, "error") == "invalid_grant") {
    throw needs_reauth(std::string(what) + ": the platform no longer accepts this grant");
  }
  expect_success(response, what);
  // A cut-off or garbled answer from a healthy endpoint is worth another try.
  if (!json) throw transient(std::string(what) + ": the token endpoint did not answer JSON");

  Credentials out;
  out.access_token = string_field(doc, "access_token");
  if (out.access_token.empty()) {
    throw permanent(std::string(what) + ": the token endpoint sent no access_token");
  }
  out.refresh_token = string_field(doc, "refresh_token");
  out.scope = string_field(doc, "scope");
  if (auto it = doc.FindMember("expires_in");
      it != doc.MemberEnd() && it->value.IsInt64() && it->value.GetInt64() > 0) {
    out.expires_at = std::chrono::time_point_cast<std::chrono::seconds>(host.now()) +
                     std::chrono::seconds{it->value.GetInt64()};
  }
  return out;
}

OAuthClient client_from_settings(const HostServices& host, std::string authorize_url,
                                 std::string token_url, std::vector<std::string> scopes) {
  OAuthClient client;
  client.authorize_url = std::move(authorize_url);
  client.token_url = std::move(token_url);
  client.client_id = required_setting(host, "client_id");
  client.client_secret = required_setting(host, "client_secret");
  client.scopes = std::move(scopes);
  return client;
}

OAuthStart authorize(const OAuthClient& client, const OAuthStartRequest& request) {
  std::string scope;
  for (const auto& s : client.scopes) scope += (scope.empty() ? "" : client.scope_separator) + s;
  Headers query = {{"response_type", "code"},
                   {"client_id", client.client_id},
                   {"redirect_uri", request.redirect_uri},
                   {"state", request.state}};
  if (!scope.empty()) query.emplace_back("scope", scope);
  query.insert(query.end(), client.authorize_params.begin(), client.authorize_params.end());
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

OAuthStart OAuth2Connector::start_oauth(HostServices& host, const OAuthStartRequest& request) {
  return authorize(oauth_client(host), request);
}

Credentials OAuth2Connector::finish_oauth(HostServices& host, const OAuthFinishRequest& request) {
  return exchange_code(host, oauth_client(host), request);
}

Credentials OAuth2Connector::refresh_credentials(HostServices& host,
                                                 const Credentials& credentials) {
  return refresh(host, oauth_client(host), credentials);
}

}  // namespace roi::sdk::helpers

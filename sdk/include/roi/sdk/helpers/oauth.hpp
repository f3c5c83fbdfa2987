// OAuth 2.0 authorization-code flow shared by every connector: the authorize URL, the code
// exchange and the refresh, with the token endpoint's errors mapped to the SDK's kinds.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "roi/sdk/connector.hpp"

namespace roi::sdk::helpers {

struct OAuthClient {
  std::string authorize_url;  // the platform's authorization endpoint
  std::string token_url;      // the platform's token endpoint
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> scopes;
  std::string scope_separator = " ";  // RFC 6749 says space; Meta wants commas
  Headers authorize_params;           // extra dialog parameters (Google: access_type, prompt)
  bool token_via_get = false;         // Meta's token endpoint takes a GET with a query string
  // Called with every non-2xx token answer before the generic mapping, to throw the platform's
  // own error kinds (Meta's code 190); returning means "not recognised".
  std::function<void(const HttpResponse&)> classify_error;
};

// Reads client_id and client_secret from the connector's settings; Permanent error when missing.
OAuthClient client_from_settings(const HostServices& host, std::string authorize_url,
                                 std::string token_url, std::vector<std::string> scopes);

OAuthStart authorize(const OAuthClient& client, const OAuthStartRequest& request);

// POSTs the code to the token endpoint. An `invalid_grant` answer is NeedsReauth.
Credentials exchange_code(HostServices& host, const OAuthClient& client,
                          const OAuthFinishRequest& request);

// Any other grant on the token endpoint (Meta's fb_exchange_token): client id and secret added,
// the answer mapped like the code exchange's.
Credentials token_request(HostServices& host, const OAuthClient& client, Headers params,
                          std::string_view what);

// Uses the refresh token; keeps the old refresh token when the platform does not rotate it.
Credentials refresh(HostServices& host, const OAuthClient& client, const Credentials& credentials);

// A connector that connects by the authorization-code flow: start, finish and refresh are the
// functions above on the client oauth_client() describes. A platform whose flow differs (Meta's
// long-lived tokens) overrides only the step that differs.
class OAuth2Connector : public Connector {
 public:
  OAuthStart start_oauth(HostServices& host, const OAuthStartRequest& request) override;
  Credentials finish_oauth(HostServices& host, const OAuthFinishRequest& request) override;
  Credentials refresh_credentials(HostServices& host, const Credentials& credentials) override;

 protected:
  // Read from the connector's settings at every call: a settings change applies at once.
  virtual OAuthClient oauth_client(const HostServices& host) const = 0;
};

}  // namespace roi::sdk::helpers

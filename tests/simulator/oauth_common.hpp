// Pieces every simulated OAuth flow shares: its knobs, the consent decision (page, auto-approve,
// auto-deny), redirect URI checks against a registered list, and the codes and tokens it issues.
#pragma once

#include <string>

#include "http.hpp"
#include "settings.hpp"
#include "state.hpp"

namespace roi::sim {

// A platform's registered app, under the platform's own knob names and defaults.
struct OAuthApp {
  std::string id_knob;  // "client_id", "app_id", "api_key"
  std::string id;
  std::string secret_knob;
  std::string secret;
};

// Declares the knobs of a platform's OAuth dialog: the app's id and secret, `redirect_uris`,
// `code_ttl` and `consent`.
void declare_oauth_settings(Settings& settings, const std::string& platform, const OAuthApp& app);

enum class Consent { Page, Approve, Deny };

// `sim_decision=approve|deny` on the request wins; otherwise the platform's `consent` knob.
Consent consent_for(const Request& req, const Settings& settings, const std::string& platform);

// True when `uri` is an absolute http(s) URL and, if the platform's `redirect_uris` knob lists
// URIs (comma-separated), exactly one of them.
bool redirect_allowed(const std::string& uri, const Settings& settings,
                      const std::string& platform);

// `base` plus `params` as a query, joined with '?' or '&' as `base` needs.
std::string with_query(const std::string& base, const Params& params);

// The consent page: who asks for what, and approve / deny links that come back with sim_decision.
Response consent_page(const Request& req, const std::string& app_label, const std::string& scope);

// An approved dialog's code: single-use, bound to the request's client_id and redirect_uri, with
// its scope, living the platform's `code_ttl` on the simulator clock. The caller adds what only
// its platform binds (PKCE, a shop) before issuing it.
Grant code_grant(const Request& dialog, const State& state, const std::string& platform);

// An access token for what `granted` (a code, a refresh token, an older access token) allowed:
// same platform, client, scope and shop, living `ttl` seconds from `now` (0: never expires).
Grant access_grant(const Grant& granted, std::int64_t now, std::int64_t ttl);

}  // namespace roi::sim

// Pieces both OAuth flows share: the consent decision (page, auto-approve, auto-deny), redirect
// URI checks against a registered list, and appending parameters to a redirect target.
#pragma once

#include <string>

#include "http.hpp"
#include "settings.hpp"

namespace roi::sim {

enum class Consent { Page, Approve, Deny };

// `sim_decision=approve|deny` on the request wins; otherwise the platform's `consent` knob.
Consent consent_for(const Request& req, const Settings& settings, const std::string& platform);

// True when `uri` is an absolute http(s) URL and, if the platform's `redirect_uris` knob lists
// URIs (comma-separated), exactly one of them.
bool redirect_allowed(const std::string& uri, const Settings& settings, const std::string& platform);

// `base` plus `params` as a query, joined with '?' or '&' as `base` needs.
std::string with_query(const std::string& base, const Params& params);

// The consent page: who asks for what, and approve / deny links that come back with sim_decision.
Response consent_page(const Request& req, const std::string& app_label, const std::string& scope);

}  // namespace roi::sim

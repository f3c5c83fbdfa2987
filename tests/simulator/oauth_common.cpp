// Knobs, consent decisions, redirect helpers and grants for the simulated OAuth dialogs.
#include "oauth_common.hpp"

namespace roi::sim {

namespace {

std::string escape_html(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

void declare_oauth_settings(Settings& settings, const std::string& platform, const OAuthApp& app) {
  settings.declare(platform, app.id_knob, app.id, "the registered app's id (sent as client_id)");
  settings.declare(platform, app.secret_knob, app.secret,
                   "the registered app's secret (sent as client_secret)");
  settings.declare(platform, "redirect_uris", std::string{},
                   "comma-separated registered redirect URIs; empty accepts any http(s) URL");
  settings.declare(platform, "code_ttl", std::int64_t{600},
                   "authorization code lifetime in seconds", 1, 100000000);
  settings.declare(platform, "consent", std::string{"page"},
                   "what the consent dialog does: page, approve or deny");
}

Consent consent_for(const Request& req, const Settings& settings, const std::string& platform) {
  const auto decision = req.param("sim_decision");
  const auto mode = decision.empty() ? settings.text(platform, "consent") : decision;
  if (mode == "approve") return Consent::Approve;
  if (mode == "deny") return Consent::Deny;
  return Consent::Page;
}

bool redirect_allowed(const std::string& uri, const Settings& settings,
                      const std::string& platform) {
  if (uri.rfind("http://", 0) != 0 && uri.rfind("https://", 0) != 0) return false;
  const auto allowed = settings.text(platform, "redirect_uris");
  if (allowed.empty()) return true;
  std::size_t start = 0;
  while (start <= allowed.size()) {
    const auto comma = allowed.find(',', start);
    if (allowed.substr(start, comma - start) == uri) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

std::string with_query(const std::string& base, const Params& params) {
  if (params.empty()) return base;
  return base + (base.find('?') == std::string::npos ? "?" : "&") + encode_form(params);
}

Response consent_page(const Request& req, const std::string& app_label, const std::string& scope) {
  const auto link = [&](const char* decision) {
    return escape_html(req.target + (req.query.empty() ? "?" : "&") + "sim_decision=" + decision);
  };
  return Response::html(200,
                        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Simulated "
                        "consent</title></head><body>"
                        "<h1>" +
                            escape_html(app_label) + "</h1><p>The application <code>" +
                            escape_html(req.param("client_id")) + "</code> asks for: <code>" +
                            escape_html(scope) +
                            "</code></p>"
                            "<p><a id=\"approve\" href=\"" +
                            link("approve") +
                            "\">Allow</a> &middot; "
                            "<a id=\"deny\" href=\"" +
                            link("deny") +
                            "\">Cancel</a></p>"
                            "<p><small>roi-platform-sim: a stand-in for tests and local "
                            "runs.</small></p></body></html>");
}

Grant code_grant(const Request& dialog, const State& state, const std::string& platform) {
  Grant code;
  code.platform = platform;
  code.kind = "code";
  code.client_id = dialog.param("client_id");
  code.redirect_uri = dialog.param("redirect_uri");
  code.scope = dialog.param("scope");
  code.issued_at = state.clock.now();
  code.expires_at = code.issued_at + state.settings.integer(platform, "code_ttl");
  return code;
}

Grant access_grant(const Grant& granted, std::int64_t now, std::int64_t ttl) {
  Grant access;
  access.platform = granted.platform;
  access.kind = "access";
  access.client_id = granted.client_id;
  access.scope = granted.scope;
  access.shop = granted.shop;
  access.issued_at = now;
  access.expires_at = ttl == 0 ? 0 : now + ttl;
  return access;
}

}  // namespace roi::sim

// Consent decisions and redirect helpers for the simulated OAuth dialogs.
#include "oauth_common.hpp"

namespace roi::sim {

namespace {

std::string escape_html(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

Consent consent_for(const Request& req, const Settings& settings, const std::string& platform) {
  const auto decision = req.param("sim_decision");
  const auto mode = decision.empty() ? settings.text(platform, "consent") : decision;
  if (mode == "approve") return Consent::Approve;
  if (mode == "deny") return Consent::Deny;
  return Consent::Page;
}

bool redirect_allowed(const std::string& uri, const Settings& settings, const std::string& platform) {
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
                        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Simulated consent</title></head><body>"
                        "<h1>" + escape_html(app_label) + "</h1><p>The application <code>" + escape_html(req.param("client_id")) +
                        "</code> asks for: <code>" + escape_html(scope) + "</code></p>"
                        "<p><a id=\"approve\" href=\"" + link("approve") + "\">Allow</a> &middot; "
                        "<a id=\"deny\" href=\"" + link("deny") + "\">Cancel</a></p>"
                        "<p><small>roi-platform-sim: a stand-in for tests and local runs.</small></p></body></html>");
}

}  // namespace roi::sim

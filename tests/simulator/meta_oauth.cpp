// Facebook Login for Meta: the login dialog (/www.facebook.com/v{N}/dialog/oauth), the code
// exchange and the long-lived token exchange (/graph.facebook.com/v{N}/oauth/access_token).
#include "meta_errors.hpp"
#include "oauth_common.hpp"
#include "platforms.hpp"

namespace roi::sim {

namespace {

using meta::graph_error;
using meta::GraphError;
using meta::revoked_token;
using meta::unparsable_token;

const std::string kPlatform = "meta";

class MetaOAuth {
 public:
  explicit MetaOAuth(State& state) : state_(state) {}

  Response dialog(Request& req) {
    const auto& s = state_.settings;
    if (req.param("client_id") != s.text(kPlatform, "app_id")) {
      return Response::html(400,
                            "<!doctype html><html><body><h1>Invalid App ID</h1><p>The provided app "
                            "ID does not look like a valid app ID.</p></body></html>");
    }
    const auto redirect = req.param("redirect_uri");
    if (!redirect_allowed(redirect, s, kPlatform)) {
      return Response::html(
          400,
          "<!doctype html><html><body><h1>URL Blocked</h1><p>This redirect failed because the "
          "redirect URI is not whitelisted in the app's Client OAuth Settings.</p></body></html>");
    }
    Params back;
    const auto consent = consent_for(req, s, kPlatform);
    if (consent == Consent::Page)
      return consent_page(req, "Continue with Facebook (simulated)", req.param("scope"));
    if (consent == Consent::Deny) {
      back = {{"error", "access_denied"},
              {"error_code", "200"},
              {"error_description", "Permissions error"},
              {"error_reason", "user_denied"}};
    } else {
      back["code"] = state_.tokens.issue(code_grant(req, state_, kPlatform), "AQsim");
    }
    if (req.params.count("state") != 0) back["state"] = req.param("state");
    // Facebook appends this fragment to every login redirect.
    return Response::redirect(with_query(redirect, back) + "#_=_");
  }

  Response access_token(Request& req) {
    const bool exchange = req.param("grant_type") == "fb_exchange_token";
    const auto draw =
        state_.faults.draw(kPlatform, scope::kToken | (exchange ? scope::kRefresh : 0), req.target);
    if (draw.error) return finish(fault_reply(*draw.error), draw);
    return finish(exchange ? long_lived(req) : code_exchange(req), draw);
  }

 private:
  std::optional<Response> check_app(const Request& req) const {
    if (req.param("client_id") != state_.settings.text(kPlatform, "app_id")) {
      return graph_error({400, 101, "Error validating application. Invalid application ID."});
    }
    if (req.param("client_secret") != state_.settings.text(kPlatform, "app_secret")) {
      return graph_error({400, 1, "Error validating client secret."});
    }
    return std::nullopt;
  }

  Response code_exchange(const Request& req) {
    if (auto refused = check_app(req)) return *refused;
    const auto code = req.param("code");
    const auto g = state_.tokens.find(code);
    if (!g || g->kind != "code" || g->platform != kPlatform)
      return graph_error({400, 100, "Invalid verification code format."});
    if (g->redirect_uri != req.param("redirect_uri")) {
      return graph_error({400, 100,
                          "Error validating verification code. Please make sure your redirect_uri "
                          "is identical to the one you used in the OAuth dialog request",
                          "OAuthException", 36008});
    }
    const auto now = state_.clock.now();
    if (now >= g->expires_at)
      return graph_error(
          {400, 100, "This authorization code has expired.", "OAuthException", 36007});
    if (!state_.tokens.redeem(code))
      return graph_error(
          {400, 100, "This authorization code has been used.", "OAuthException", 36009});
    return issue(*g, state_.settings.integer(kPlatform, "code_token_ttl"), now);
  }

  Response long_lived(const Request& req) {
    if (auto refused = check_app(req)) return *refused;
    const auto token = req.param("fb_exchange_token");
    const auto now = state_.clock.now();
    switch (state_.tokens.check(kPlatform, token, now)) {
      case TokenCheck::Valid:
        break;
      case TokenCheck::Expired:
        return graph_error({400, 190, "Error validating access token: Session has expired.",
                            "OAuthException", 463});
      case TokenCheck::Revoked:
        return revoked_token();
      default:
        return unparsable_token();
    }
    const auto g = state_.tokens.find(token);
    return issue(*g, state_.settings.integer(kPlatform, "long_token_ttl"), now);
  }

  Response issue(const Grant& granted, std::int64_t ttl, std::int64_t now) {
    const auto value = state_.tokens.issue(access_grant(granted, now, ttl), "EAAsim");
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "access_token", value);
                            put(w, "token_type", "bearer");
                            put_int(w, "expires_in", ttl);
                            w.EndObject();
                          }));
  }

  static Response fault_reply(const FaultSpec& f) {
    switch (f.kind) {
      case FaultKind::InvalidGrant:
        return revoked_token();
      case FaultKind::RetryAfter: {
        auto r = graph_error(
            {429, 4, "(#4) Application request limit reached", "OAuthException", 0, true});
        r.headers.emplace_back("Retry-After", std::to_string(f.retry_after));
        return r;
      }
      default:
        return graph_error({static_cast<unsigned>(f.status), 2,
                            "An unexpected error has occurred. Please retry your request later.",
                            "OAuthException", 0, true});
    }
  }

  State& state_;
};

}  // namespace

void install_meta_oauth(Router& router, State& state) {
  auto& s = state.settings;
  declare_oauth_settings(s, kPlatform,
                         {"app_id", "1234567890123456", "app_secret", "sim-meta-app-secret"});
  s.declare(kPlatform, "code_token_ttl", std::int64_t{5184000},
            "lifetime of the token a code exchange returns, seconds", 1, 1000000000);
  s.declare(kPlatform, "long_token_ttl", std::int64_t{5184000},
            "lifetime of a long-lived (fb_exchange_token) token, seconds", 1, 1000000000);
  state.claim("/www.facebook.com/", kPlatform);
  auto oauth = std::make_shared<MetaOAuth>(state);
  router.add("GET", R"(/www\.facebook\.com(?:/v\d+\.\d+)?/dialog/oauth)",
             [oauth](Request& r) { return oauth->dialog(r); });
  router.add("GET", R"(/graph\.facebook\.com(?:/v\d+\.\d+)?/oauth/access_token)",
             [oauth](Request& r) { return oauth->access_token(r); });
}

}  // namespace roi::sim

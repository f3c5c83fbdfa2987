// Google OAuth 2.0: the authorize dialog (/accounts.google.com/o/oauth2/v2/auth), the token
// endpoint (/oauth2.googleapis.com/token: authorization_code and refresh_token grants, PKCE) and
// revoke, with Google's flat {"error","error_description"} bodies.
#include <openssl/sha.h>

#include <roi/sdk/helpers/encoding.hpp>

#include "oauth_common.hpp"
#include "platforms.hpp"

namespace roi::sim {

namespace {

const std::string kPlatform = "google-ads";

Response oauth_error(unsigned status, const std::string& error, const std::string& description) {
  return Response::json(status, write_json([&](JsonWriter& w) {
                          w.StartObject();
                          put(w, "error", error);
                          put(w, "error_description", description);
                          w.EndObject();
                        }));
}

Response error_page(unsigned status, const std::string& title, const std::string& detail) {
  return Response::html(status, "<!doctype html><html><body><h1>" + title + "</h1><p>" + detail +
                                    "</p></body></html>");
}

std::string s256(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return sdk::helpers::to_base64url(
      std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

class GoogleOAuth {
 public:
  explicit GoogleOAuth(State& state) : state_(state) {}

  Response authorize(Request& req) {
    const auto& s = state_.settings;
    if (req.param("client_id") != s.text(kPlatform, "client_id")) {
      return error_page(401, "Error 401: invalid_client", "The OAuth client was not found.");
    }
    const auto redirect = req.param("redirect_uri");
    if (!redirect_allowed(redirect, s, kPlatform)) {
      return error_page(400, "Error 400: redirect_uri_mismatch",
                        "The redirect URI in the request does not match the ones authorized for "
                        "the OAuth client.");
    }
    const auto access_type = req.param("access_type");
    if (!access_type.empty() && access_type != "online" && access_type != "offline") {
      return error_page(400, "Error 400: invalid_request", "Invalid access_type: " + access_type);
    }
    if (req.param("scope").empty())
      return error_page(400, "Error 400: invalid_request", "Missing required parameter: scope");
    Params back;
    if (req.params.count("state") != 0) back["state"] = req.param("state");
    if (req.param("response_type") != "code") {
      back["error"] = "unsupported_response_type";
      return Response::redirect(with_query(redirect, back));
    }
    const auto consent = consent_for(req, s, kPlatform);
    if (consent == Consent::Page)
      return consent_page(req, "Sign in with Google (simulated)", req.param("scope"));
    if (consent == Consent::Deny) {
      back["error"] = "access_denied";
      return Response::redirect(with_query(redirect, back));
    }
    const bool first = state_.tokens.consent(kPlatform, req.param("client_id"));
    const auto prompt = req.param("prompt");
    Grant code = code_grant(req, state_, kPlatform);
    // A refresh token comes with offline access on the first consent, or when consent is forced.
    code.with_refresh =
        access_type == "offline" && (first || prompt.find("consent") != std::string::npos);
    code.code_challenge = req.param("code_challenge");
    code.code_challenge_method =
        req.param("code_challenge_method").empty() ? "plain" : req.param("code_challenge_method");
    back["code"] = state_.tokens.issue(code, "4/sim-");
    back["scope"] = code.scope;
    back["authuser"] = "0";
    back["prompt"] = "consent";
    return Response::redirect(with_query(redirect, back));
  }

  Response token(Request& req) {
    const Params form = parse_form(req.body);
    const auto get = [&](const char* k) {
      const auto it = form.find(k);
      return it == form.end() ? std::string{} : it->second;
    };
    const auto grant_type = get("grant_type");
    const unsigned endpoint = scope::kToken | (grant_type == "refresh_token" ? scope::kRefresh : 0);
    const auto draw = state_.faults.draw(kPlatform, endpoint, req.target);
    if (draw.error) return finish(fault_reply(*draw.error), draw);
    return finish(grant(req, get, grant_type), draw);
  }

  Response revoke(Request& req) {
    auto token = req.param("token");
    if (token.empty()) token = parse_form(req.body)["token"];
    const auto g = state_.tokens.find(token);
    if (!g || g->platform != kPlatform || g->revoked)
      return oauth_error(400, "invalid_token", "Token expired or revoked");
    state_.tokens.revoke(token);
    return Response::json(200, "{}");
  }

 private:
  template <class Get>
  Response grant(const Request& req, const Get& get, const std::string& grant_type) {
    auto client_id = get("client_id");
    auto client_secret = get("client_secret");
    if (const auto basic = req.header("authorization"); basic.rfind("Basic ", 0) == 0) {
      const std::string pair = sdk::helpers::from_base64(basic.substr(6)).value_or("");
      if (pair.find(':') != std::string::npos) {
        client_id = url_decode(pair.substr(0, pair.find(':')));
        client_secret = url_decode(pair.substr(pair.find(':') + 1));
      }
    }
    const auto& s = state_.settings;
    if (grant_type != "authorization_code" && grant_type != "refresh_token") {
      return oauth_error(400, "unsupported_grant_type", "Invalid grant_type: " + grant_type);
    }
    if (client_id != s.text(kPlatform, "client_id"))
      return oauth_error(401, "invalid_client", "The OAuth client was not found.");
    if (client_secret != s.text(kPlatform, "client_secret"))
      return oauth_error(401, "invalid_client", "Unauthorized");
    const auto now = state_.clock.now();

    if (grant_type == "refresh_token") {
      const auto refresh = get("refresh_token");
      if (refresh.empty())
        return oauth_error(400, "invalid_request", "Missing required parameter: refresh_token");
      const auto g = state_.tokens.find(refresh);
      if (!g || g->kind != "refresh" || g->platform != kPlatform || g->revoked) {
        return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
      }
      if (g->client_id != client_id) return oauth_error(400, "unauthorized_client", "Unauthorized");
      return tokens(*g, false, now);
    }

    const auto code = get("code");
    if (code.empty())
      return oauth_error(400, "invalid_request", "Missing required parameter: code");
    const auto g = state_.tokens.find(code);
    if (!g || g->kind != "code" || g->platform != kPlatform)
      return oauth_error(400, "invalid_grant", "Malformed auth code.");
    if (g->client_id != client_id) return oauth_error(400, "invalid_grant", "Bad Request");
    if (g->redirect_uri != get("redirect_uri"))
      return oauth_error(400, "redirect_uri_mismatch", "Bad Request");
    if (!g->code_challenge.empty()) {
      const auto verifier = get("code_verifier");
      if (verifier.empty()) return oauth_error(400, "invalid_grant", "Missing code verifier.");
      const auto expected = g->code_challenge_method == "S256" ? s256(verifier) : verifier;
      if (expected != g->code_challenge)
        return oauth_error(400, "invalid_grant", "Invalid code verifier.");
    }
    if (now >= g->expires_at) return oauth_error(400, "invalid_grant", "Bad Request");
    if (!state_.tokens.redeem(code))
      return oauth_error(400, "invalid_grant", "Code was already redeemed.");
    return tokens(*g, g->with_refresh, now);
  }

  Response tokens(const Grant& granted, bool with_refresh, std::int64_t now) {
    const auto ttl = state_.settings.integer(kPlatform, "access_token_ttl");
    const Grant access = access_grant(granted, now, ttl);
    const auto access_value = state_.tokens.issue(access, "ya29.sim-");
    std::string refresh_value;
    if (with_refresh) {
      Grant refresh = access;
      refresh.kind = "refresh";
      refresh.expires_at = 0;
      refresh_value = state_.tokens.issue(refresh, "1//sim-");
    }
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "access_token", access_value);
                            put_int(w, "expires_in", ttl);
                            if (!refresh_value.empty()) put(w, "refresh_token", refresh_value);
                            put(w, "scope", access.scope);
                            put(w, "token_type", "Bearer");
                            w.EndObject();
                          }));
  }

  static Response fault_reply(const FaultSpec& f) {
    switch (f.kind) {
      case FaultKind::InvalidGrant:
        return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
      case FaultKind::RetryAfter: {
        auto r = oauth_error(429, "rate_limit_exceeded", "Rate Limit Exceeded");
        r.headers.emplace_back("Retry-After", std::to_string(f.retry_after));
        return r;
      }
      default:
        return oauth_error(static_cast<unsigned>(f.status), "internal_failure", "Backend Error");
    }
  }

  State& state_;
};

}  // namespace

void install_google_oauth(Router& router, State& state) {
  auto& s = state.settings;
  declare_oauth_settings(s, kPlatform,
                         {"client_id", "sim-google-client-id.apps.googleusercontent.com",
                          "client_secret", "sim-google-client-secret"});
  s.declare(kPlatform, "access_token_ttl", std::int64_t{3600}, "access token lifetime in seconds",
            1, 100000000);
  state.claim("/accounts.google.com/", kPlatform);
  state.claim("/oauth2.googleapis.com/", kPlatform);
  auto oauth = std::make_shared<GoogleOAuth>(state);
  router.add("GET", R"(/accounts\.google\.com/o/oauth2(?:/v2)?/auth)",
             [oauth](Request& r) { return oauth->authorize(r); });
  router.add("POST", R"(/oauth2\.googleapis\.com/token)",
             [oauth](Request& r) { return oauth->token(r); });
  router.add("POST", R"(/oauth2\.googleapis\.com/revoke)",
             [oauth](Request& r) { return oauth->revoke(r); });
}

}  // namespace roi::sim

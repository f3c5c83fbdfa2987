// The test-facing control API under /_sim/ (a prefix no real platform uses): knobs, expected
// totals, faults, the clock, issued tokens and the request log.
#include "platforms.hpp"

namespace roi::sim {

namespace {

Response bad(const std::string& message) {
  return Response::json(400, write_json([&](JsonWriter& w) {
                          w.StartObject();
                          put(w, "error", message);
                          w.EndObject();
                        }));
}

std::optional<Flavor> flavor_of(const std::string& platform) {
  if (platform == "google-ads") return Flavor::GoogleAds;
  if (platform == "meta") return Flavor::Meta;
  return std::nullopt;
}

// Meta's paths write an ad account as act_<id>; tests may name it either way.
std::string account_id(std::string id) { return id.rfind("act_", 0) == 0 ? id.substr(4) : id; }

const char* state_name(CampaignState s) {
  return s == CampaignState::Active ? "active" : s == CampaignState::Paused ? "paused" : "removed";
}

class Control {
 public:
  explicit Control(State& state) : state_(state) {}

  Response config(Request& req) {
    if (req.method == "POST") {
      rapidjson::Document doc;
      std::string error;
      if (!parse_json(req.body, doc, error) || !doc.IsObject())
        return bad("body must be a JSON object: " + error);
      for (const auto& p : doc.GetObject()) {
        if (!p.value.IsObject())
          return bad(std::string(p.name.GetString()) + " must map knob names to values");
        for (const auto& k : p.value.GetObject()) {
          if (auto e = state_.settings.set(p.name.GetString(), k.name.GetString(), k.value);
              !e.empty())
            return bad(e);
        }
      }
    }
    return Response::json(200, write_json([&](JsonWriter& w) { state_.settings.write(w); }));
  }

  Response accounts(Request& req) {
    const auto platform = req.param("platform");
    const auto flavor = flavor_of(platform);
    if (!flavor) return bad("platform must be google-ads or meta");
    const auto shape = state_.shape(platform, *flavor);
    const auto list = generate_accounts(shape);
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "first_date", shape.first.str());
                            put(w, "last_date", shape.last.str());
                            key(w, "accounts");
                            w.StartArray();
                            for (const auto& a : list) {
                              w.StartObject();
                              put(w, "id", a.id);
                              put(w, "name", a.name);
                              put(w, "currency", a.currency);
                              put(w, "time_zone", a.time_zone);
                              key(w, "campaigns");
                              w.StartArray();
                              for (const auto& c : a.campaigns) {
                                w.StartObject();
                                put(w, "id", c.id);
                                put(w, "name", c.name);
                                put(w, "state", state_name(c.state));
                                w.EndObject();
                              }
                              w.EndArray();
                              w.EndObject();
                            }
                            w.EndArray();
                            w.EndObject();
                          }));
  }

  Response expected(Request& req) {
    const auto platform = req.param("platform");
    const auto flavor = flavor_of(platform);
    if (!flavor) return bad("platform must be google-ads or meta");
    const auto shape = state_.shape(platform, *flavor);
    const auto list = generate_accounts(shape);
    const auto id = account_id(req.param("account"));
    const auto* account = find_account(list, id);
    if (account == nullptr) return bad("unknown account '" + id + "' for " + platform);
    const auto since = req.param("since").empty() ? std::optional<Date>(shape.first)
                                                  : Date::parse(req.param("since"));
    const auto until = req.param("until").empty() ? std::optional<Date>(shape.last)
                                                  : Date::parse(req.param("until"));
    if (!since || !until) return bad("since and until are YYYY-MM-DD");
    const auto t = account_totals(shape, *account, *since, *until);
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "platform", platform);
                            put(w, "account", account->id);
                            put(w, "currency", account->currency);
                            put(w, "since", since->str());
                            put(w, "until", until->str());
                            // Micros as strings: sums can pass 2^53 at large sizes, as on the real
                            // wire.
                            put(w, "spend_micros", std::to_string(t.spend_micros));
                            put_int(w, "impressions", t.impressions);
                            put_int(w, "clicks", t.clicks);
                            key(w, "conversions");
                            w.Double(t.conversions);
                            put(w, "conversion_value_micros",
                                std::to_string(t.conversion_value_micros));
                            put_int(w, "rows", t.rows);
                            w.EndObject();
                          }));
  }

  // The platform reports a past day again with new figures, as ad platforms do when conversions
  // arrive late; /_sim/expected and every report reflect it from now on.
  Response restate(Request& req) {
    rapidjson::Document doc;
    std::string error;
    if (!parse_json(req.body, doc, error) || !doc.IsObject())
      return bad("body must be a JSON object: " + error);
    const auto platform = string_member(doc, "platform");
    const auto flavor = flavor_of(platform);
    if (!flavor) return bad("platform must be google-ads or meta");
    const auto shape = state_.shape(platform, *flavor);
    const auto id = account_id(string_member(doc, "account"));
    if (find_account(generate_accounts(shape), id) == nullptr)
      return bad("unknown account '" + id + "' for " + platform);
    const auto date = Date::parse(string_member(doc, "date"));
    if (!date || *date < shape.first || *date > shape.last) {
      return bad("date must be a YYYY-MM-DD day from " + shape.first.str() + " to " +
                 shape.last.str());
    }
    const auto revision = state_.restated.add(platform, id, *date);
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "platform", platform);
                            put(w, "account", id);
                            put(w, "date", date->str());
                            put_int(w, "revision", static_cast<std::int64_t>(revision));
                            w.EndObject();
                          }));
  }

  Response faults(Request& req) {
    if (req.method == "POST") {
      rapidjson::Document doc;
      std::string error;
      if (!parse_json(req.body, doc, error)) return bad("body must be JSON: " + error);
      FaultSpec spec;
      if (auto e = Faults::parse(doc, spec); !e.empty()) return bad(e);
      const int id = state_.faults.add(spec);
      return Response::json(200, "{\"id\":" + std::to_string(id) + "}");
    }
    if (req.method == "DELETE") state_.faults.clear(req.param("platform"));
    return Response::json(200, write_json([&](JsonWriter& w) { state_.faults.write(w); }));
  }

  Response clock(Request& req) {
    if (req.method == "POST") {
      rapidjson::Document doc;
      std::string error;
      if (!parse_json(req.body, doc, error) || !doc.IsObject() || !doc.HasMember("advance") ||
          !doc["advance"].IsInt64()) {
        return bad("body must be {\"advance\": seconds}");
      }
      state_.clock.advance(doc["advance"].GetInt64());
    }
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put_int(w, "now", state_.clock.now());
                            put_int(w, "offset", state_.clock.offset());
                            put(w, "today", state_.clock.today().str());
                            w.EndObject();
                          }));
  }

  Response tokens(Request& req) {
    const auto list = state_.tokens.list(req.param("platform"));
    const auto now = state_.clock.now();
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartArray();
                            for (const auto& g : list) {
                              w.StartObject();
                              put(w, "platform", g.platform);
                              put(w, "kind", g.kind);
                              put(w, "value", g.value);
                              put(w, "client_id", g.client_id);
                              put(w, "scope", g.scope);
                              put_int(w, "issued_at", g.issued_at);
                              put_int(w, "expires_at", g.expires_at);
                              key(w, "expired");
                              w.Bool(g.expires_at != 0 && now >= g.expires_at);
                              key(w, "used");
                              w.Bool(g.used);
                              key(w, "revoked");
                              w.Bool(g.revoked);
                              w.EndObject();
                            }
                            w.EndArray();
                          }));
  }

  Response revoke(Request& req) {
    rapidjson::Document doc;
    std::string error;
    if (!parse_json(req.body, doc, error) || string_member(doc, "token").empty())
      return bad("body must be {\"token\": value}");
    if (!state_.tokens.revoke(string_member(doc, "token"))) return bad("no such token");
    return Response::json(200, "{\"revoked\":true}");
  }

  Response requests(Request& req) {
    if (req.method == "DELETE") state_.log.clear();
    const auto list = state_.log.list(req.param("platform"));
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartArray();
                            for (const auto& e : list) {
                              w.StartObject();
                              put(w, "platform", e.platform);
                              put(w, "method", e.method);
                              put(w, "path", e.path);
                              key(w, "params");
                              w.StartObject();
                              for (const auto& [k, v] : e.params) put(w, k, v);
                              w.EndObject();
                              key(w, "headers");
                              w.StartObject();
                              for (const auto& [k, v] : e.headers) put(w, k, v);
                              w.EndObject();
                              put_int(w, "status", e.status);
                              w.EndObject();
                            }
                            w.EndArray();
                          }));
  }

 private:
  State& state_;
};

}  // namespace

void install_control(Router& router, State& state) {
  auto c = std::make_shared<Control>(state);
  router.add("GET", "/_sim/health", [](Request&) { return Response::json(200, R"({"ok":true})"); });
  for (const char* m : {"GET", "POST"}) {
    router.add(m, "/_sim/config", [c](Request& r) { return c->config(r); });
    router.add(m, "/_sim/clock", [c](Request& r) { return c->clock(r); });
  }
  router.add("POST", "/_sim/reset", [&state](Request&) {
    state.reset();
    return Response::json(200, R"({"reset":true})");
  });
  router.add("GET", "/_sim/accounts", [c](Request& r) { return c->accounts(r); });
  router.add("GET", "/_sim/expected", [c](Request& r) { return c->expected(r); });
  router.add("POST", "/_sim/restate", [c](Request& r) { return c->restate(r); });
  for (const char* m : {"GET", "POST", "DELETE"})
    router.add(m, "/_sim/faults", [c](Request& r) { return c->faults(r); });
  router.add("GET", "/_sim/tokens", [c](Request& r) { return c->tokens(r); });
  router.add("POST", "/_sim/tokens/revoke", [c](Request& r) { return c->revoke(r); });
  for (const char* m : {"GET", "DELETE"})
    router.add(m, "/_sim/requests", [c](Request& r) { return c->requests(r); });
  // Every platform request goes into the log, with the headers platforms check.
  router.observe([&state](const Request& req, const Response& res) {
    auto platform = state.platform_of(req.path);
    if (platform.empty()) return;
    LoggedRequest e{std::move(platform), req.method, req.path, req.params, {}, res.status};
    for (const char* h :
         {"authorization", "developer-token", "login-customer-id", "content-type"}) {
      if (req.has_header(h)) e.headers[h] = req.header(h);
    }
    if (req.header("content-type").rfind("application/x-www-form-urlencoded", 0) == 0) {
      for (auto& [k, v] : parse_form(req.body)) e.params.emplace(k, v);
    }
    state.log.add(std::move(e));
  });
}

}  // namespace roi::sim

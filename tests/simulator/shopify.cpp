// Shopify: the OAuth install flow on https://{shop}/admin/oauth/authorize (callback signed with the
// query HMAC Shopify documents), the token exchange, and orders through the Admin GraphQL API with
// cursor paging, query cost and THROTTLED errors. Each shop is a host prefix: /{shop}/admin/...
#include <mutex>
#include <regex>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>

#include "oauth_common.hpp"
#include "platforms.hpp"
#include "shopify_orders.hpp"

namespace roi::sim {

namespace {

using namespace shopify;

const std::string kPlatform = "shopify";
const char* const kShop = R"(/([a-z0-9][a-z0-9-]*\.myshopify\.com))";
const char* const kInvalidToken =
    R"j({"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"})j";

Response graphql_errors(unsigned status, const std::string& message, const std::string& code) {
  return Response::json(status, write_json([&](JsonWriter& w) {
                          w.StartObject();
                          key(w, "errors");
                          w.StartArray();
                          w.StartObject();
                          put(w, "message", message);
                          key(w, "extensions");
                          w.StartObject();
                          put(w, "code", code);
                          w.EndObject();
                          w.EndObject();
                          w.EndArray();
                          w.EndObject();
                        }));
}

// Shopify's query HMAC: every parameter but hmac, sorted, form-encoded, hex HMAC-SHA256.
std::string query_hmac(const std::string& secret, Params params) {
  params.erase("hmac");
  return sdk::helpers::to_hex(sdk::helpers::hmac_sha256(secret, encode_form(params)));
}

std::string unpadded(std::string b64) {
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

// The [since, until) Unix range of a `created_at:>=YYYY-MM-DD created_at:<=YYYY-MM-DD` search.
struct Range {
  std::int64_t from = INT64_MIN;
  std::int64_t to = INT64_MAX;  // exclusive
};

bool parse_search(const std::string& q, Range& range) {
  static const std::regex kTerm(R"(created_at:(>=|<=|>|<)'?(\d{4}-\d{2}-\d{2})'?)");
  for (std::sregex_iterator it(q.begin(), q.end(), kTerm), end; it != end; ++it) {
    const auto d = Date::parse((*it)[2].str());
    if (!d) return false;
    const auto midnight = d->day * 86400;
    const auto op = (*it)[1].str();
    if (op == ">=") range.from = midnight;
    if (op == ">") range.from = midnight + 1;
    if (op == "<=") range.to = midnight + 86400;  // the whole day, as the admin search treats dates
    if (op == "<") range.to = midnight;
  }
  return true;
}

std::string cursor_of(const Order& o) {
  return sdk::helpers::to_base64("{\"last_id\":" + std::to_string(o.id) + ",\"last_value\":\"" +
                                 iso_time(o.created) + "\"}");
}

class Shopify {
 public:
  explicit Shopify(State& state) : state_(state) {}

  Response authorize(Request& req) {
    const auto& s = state_.settings;
    const auto shop = req.captures.at(0);
    if (req.param("client_id") != s.text(kPlatform, "api_key")) {
      return Response::html(400,
                            "<!doctype html><html><body><h1>Oauth error invalid_request: The "
                            "client_id is invalid</h1></body></html>");
    }
    const auto redirect = req.param("redirect_uri");
    if (!redirect_allowed(redirect, s, kPlatform)) {
      return Response::html(400,
                            "<!doctype html><html><body><h1>Oauth error invalid_request: The "
                            "redirect_uri is not whitelisted</h1></body></html>");
    }
    const auto consent = consent_for(req, s, kPlatform);
    if (consent == Consent::Page)
      return consent_page(req, "Install app on " + shop + " (simulated)", req.param("scope"));
    // Shopify has no deny redirect: a merchant who declines simply stays in the admin.
    if (consent == Consent::Deny)
      return Response::html(200,
                            "<!doctype html><html><body><h1>App not installed</h1></body></html>");
    Grant code = code_grant(req, state_, kPlatform);
    code.shop = shop;
    Params back{{"code", state_.tokens.issue(code, "shpcode")},
                {"host", unpadded(sdk::helpers::to_base64("admin.shopify.com/store/" +
                                                          shop.substr(0, shop.find('.'))))},
                {"shop", shop},
                {"timestamp", std::to_string(code.issued_at)}};
    if (req.params.count("state") != 0) back["state"] = req.param("state");
    back["hmac"] = query_hmac(s.text(kPlatform, "api_secret"), back);
    return Response::redirect(with_query(redirect, back));
  }

  Response access_token(Request& req) {
    const auto draw = state_.faults.draw(kPlatform, scope::kToken, req.target);
    if (draw.error)
      return finish(graphql_errors(503, "Service Unavailable", "INTERNAL_SERVER_ERROR"), draw);
    Params form;
    rapidjson::Document doc;
    std::string error;
    if (req.header("content-type").rfind("application/json", 0) == 0) {
      if (!parse_json(req.body, doc, error) || !doc.IsObject())
        return oauth_error("invalid_request", "Malformed JSON body");
      for (const char* f : {"client_id", "client_secret", "code"}) form[f] = string_member(doc, f);
    } else {
      form = parse_form(req.body);
    }
    const auto& s = state_.settings;
    if (form["client_id"] != s.text(kPlatform, "api_key") ||
        form["client_secret"] != s.text(kPlatform, "api_secret")) {
      return oauth_error("invalid_client", "Client credentials are invalid");
    }
    const auto g = state_.tokens.find(form["code"]);
    const auto now = state_.clock.now();
    if (!g || g->kind != "code" || g->platform != kPlatform || g->shop != req.captures.at(0) ||
        now >= g->expires_at || !state_.tokens.redeem(form["code"])) {
      return oauth_error("invalid_request",
                         "The authorization code was not found or was already used");
    }
    // Offline access tokens: they last until the app is uninstalled.
    const auto token = state_.tokens.issue(access_grant(*g, now, 0), "shpat_");
    return finish(Response::json(200, write_json([&](JsonWriter& w) {
                                   w.StartObject();
                                   put(w, "access_token", token);
                                   put(w, "scope", g->scope);
                                   w.EndObject();
                                 })),
                  draw);
  }

  Response graphql(Request& req) {
    const auto shop = req.captures.at(0);
    const auto token = req.header("x-shopify-access-token");
    const auto grant = state_.tokens.find(token);
    if (state_.tokens.check(kPlatform, token, state_.clock.now()) != TokenCheck::Valid || !grant ||
        grant->shop != shop) {
      return Response::json(401, kInvalidToken);
    }
    const auto draw = state_.faults.draw(kPlatform, scope::kData | scope::kPaged, req.target);
    if (draw.error) return finish(fault_reply(*draw.error), draw);
    rapidjson::Document doc;
    std::string error;
    if (!parse_json(req.body, doc, error) || !doc.IsObject() ||
        string_member(doc, "query").empty()) {
      return Response::json(400, R"({"errors":{"query":"Required parameter missing or invalid"}})");
    }
    const auto text = string_member(doc, "query");
    if (text.find("orders") == std::string::npos) {
      if (text.find("shop") == std::string::npos) {
        return graphql_errors(200, "The simulator serves the shop and the orders connection only",
                              "BAD_REQUEST");
      }
      return shop_reply(shop);
    }
    const rapidjson::Value empty(rapidjson::kObjectType);
    const auto vars_it = doc.FindMember("variables");
    const auto& vars =
        vars_it != doc.MemberEnd() && vars_it->value.IsObject() ? vars_it->value : empty;
    const auto first_it = vars.FindMember("first");
    if (first_it == vars.MemberEnd() || !first_it->value.IsInt() || first_it->value.GetInt() < 1 ||
        first_it->value.GetInt() > 250) {
      return graphql_errors(
          200,
          "Variable $first must be an integer from 1 to 250: connections return at most 250 nodes",
          "BAD_REQUEST");
    }
    const auto first = static_cast<std::size_t>(first_it->value.GetInt());
    Range range;
    auto search = string_member(vars, "query");
    if (search.empty()) search = string_member(vars, "q");
    if (!parse_search(search, range))
      return graphql_errors(200, "Invalid date in search query", "BAD_REQUEST");

    const auto requested = static_cast<std::int64_t>(first) + 2;
    const auto [spent, available] = spend(token, requested);
    if (!spent) return throttled(requested, available);

    const auto store = generate_store(shop, read_window(state_.settings, state_.clock.today()));
    std::vector<const Order*> matching;
    for (const auto& o : store.orders)
      if (o.created >= range.from && o.created < range.to) matching.push_back(&o);
    std::size_t start = 0;
    const auto after = string_member(vars, "after");
    if (!after.empty()) {
      std::size_t i = 0;
      while (i < matching.size() && cursor_of(*matching[i]) != after) ++i;
      if (i == matching.size())
        return graphql_errors(200, "Invalid cursor for current pagination.", "BAD_REQUEST");
      start = i + 1;
    }
    const auto size = page_size(draw, first, start);
    const auto stop = std::min(matching.size(), start + size);
    const auto actual = static_cast<std::int64_t>(stop - start) + 2;
    refund(token, requested - actual);
    return finish(
        Response::json(200, write_json([&](JsonWriter& w) {
                         w.StartObject();
                         key(w, "data");
                         w.StartObject();
                         key(w, "orders");
                         w.StartObject();
                         key(w, "edges");
                         w.StartArray();
                         for (auto i = start; i < stop; ++i) {
                           w.StartObject();
                           put(w, "cursor", cursor_of(*matching[i]));
                           key(w, "node");
                           write_graphql_order(w, store, *matching[i]);
                           w.EndObject();
                         }
                         w.EndArray();
                         key(w, "pageInfo");
                         w.StartObject();
                         key(w, "hasNextPage");
                         // An empty page (fault) still points on, like the other platforms' empty
                         // pages.
                         w.Bool(stop < matching.size() || (size == 0 && start < matching.size()));
                         key(w, "endCursor");
                         if (stop > start)
                           str(w, cursor_of(*matching[stop - 1]));
                         else if (!after.empty())
                           str(w, after);
                         else
                           w.Null();
                         w.EndObject();
                         w.EndObject();
                         w.EndObject();
                         write_cost(w, requested, actual, available + (requested - actual));
                         w.EndObject();
                       })),
        draw);
  }

 private:
  // query { shop { … } }: every field the connector reads, whatever was selected.
  Response shop_reply(const std::string& shop) const {
    const auto store = generate_store(shop, read_window(state_.settings, state_.clock.today()));
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            key(w, "data");
                            w.StartObject();
                            key(w, "shop");
                            w.StartObject();
                            put(w, "id", "gid://shopify/Shop/" + std::to_string(store.id));
                            put(w, "name", store.name);
                            put(w, "myshopifyDomain", store.domain);
                            put(w, "currencyCode", store.currency);
                            put(w, "ianaTimezone", "UTC");
                            w.EndObject();
                            w.EndObject();
                            write_cost(w, 1, 1, state_.settings.integer(kPlatform, "bucket_size"));
                            w.EndObject();
                          }));
  }

  static Response oauth_error(const std::string& code, const std::string& description) {
    return Response::json(400, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "error", code);
                            put(w, "error_description", description);
                            w.EndObject();
                          }));
  }

  void write_cost(JsonWriter& w, std::int64_t requested, std::optional<std::int64_t> actual,
                  std::int64_t available) const {
    const auto& s = state_.settings;
    key(w, "extensions");
    w.StartObject();
    key(w, "cost");
    w.StartObject();
    put_int(w, "requestedQueryCost", requested);
    key(w, "actualQueryCost");
    if (actual)
      w.Int64(*actual);
    else
      w.Null();
    key(w, "throttleStatus");
    w.StartObject();
    put_int(w, "maximumAvailable", s.integer(kPlatform, "bucket_size"));
    put_int(w, "currentlyAvailable", available);
    put_int(w, "restoreRate", s.integer(kPlatform, "restore_rate"));
    w.EndObject();
    w.EndObject();
    w.EndObject();
  }

  // THROTTLED comes as HTTP 200 with the cost of the refused query, as the real API answers.
  Response throttled(std::int64_t requested, std::int64_t available) const {
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            key(w, "errors");
                            w.StartArray();
                            w.StartObject();
                            put(w, "message", "Throttled");
                            key(w, "extensions");
                            w.StartObject();
                            put(w, "code", "THROTTLED");
                            put(w, "documentation", "https://shopify.dev/api/usage/rate-limits");
                            w.EndObject();
                            w.EndObject();
                            w.EndArray();
                            write_cost(w, requested, std::nullopt, available);
                            w.EndObject();
                          }));
  }

  Response fault_reply(const FaultSpec& f) const {
    switch (f.kind) {
      case FaultKind::RateLimit:
        return throttled(252, 0);
      case FaultKind::RetryAfter: {
        auto r = Response::json(
            429,
            R"({"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."})");
        r.headers.emplace_back("Retry-After", std::to_string(f.retry_after) + ".0");
        return r;
      }
      case FaultKind::ExpiredToken:
        return Response::json(401, kInvalidToken);
      default:
        return graphql_errors(static_cast<unsigned>(f.status),
                              "Internal error. Looks like something went wrong on our end.",
                              "INTERNAL_SERVER_ERROR");
    }
  }

  // The leaky bucket per token: refills `restore_rate` points a second up to `bucket_size`.
  // Answers whether `cost` was taken and what the bucket holds now (a refusal reports it too).
  std::pair<bool, std::int64_t> spend(const std::string& token, std::int64_t cost) {
    std::lock_guard lock(mu_);
    const auto max = state_.settings.integer(kPlatform, "bucket_size");
    const auto now = state_.clock.now();
    auto [it, fresh] = buckets_.try_emplace(token, Bucket{max, now});
    auto& b = it->second;
    b.available = std::min(
        max, b.available + (now - b.at) * state_.settings.integer(kPlatform, "restore_rate"));
    b.at = now;
    if (cost > b.available) return {false, b.available};
    b.available -= cost;
    return {true, b.available};
  }

  void refund(const std::string& token, std::int64_t points) {
    std::lock_guard lock(mu_);
    buckets_[token].available += points;
  }

  struct Bucket {
    std::int64_t available = 0;
    std::int64_t at = 0;
  };

  State& state_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace

void install_shopify(Router& router, State& state) {
  auto& s = state.settings;
  // The API secret also signs callbacks and webhooks.
  declare_oauth_settings(
      s, kPlatform, {"api_key", "sim-shopify-api-key", "api_secret", "sim-shopify-api-secret"});
  s.declare(kPlatform, "days", std::int64_t{60}, "days of orders per shop, ending yesterday", 0,
            3650);
  s.declare(kPlatform, "orders_per_day", std::int64_t{5},
            "at most this many orders a day (0..N, derived from the seed)", 0, 1000);
  s.declare(kPlatform, "seed", std::int64_t{1}, "mixed into every generated id and number");
  s.declare(kPlatform, "bucket_size", std::int64_t{2000}, "GraphQL cost bucket: maximumAvailable",
            1, 1000000);
  s.declare(kPlatform, "restore_rate", std::int64_t{100}, "GraphQL cost points restored per second",
            0, 1000000);
  s.declare(kPlatform, "webhook_url", std::string{},
            "where webhook deliveries go (http://host:port/path)");
  auto shop = std::make_shared<Shopify>(state);
  const std::string prefix = kShop;
  router.add("GET", prefix + "/admin/oauth/authorize",
             [shop](Request& r) { return shop->authorize(r); });
  router.add("POST", prefix + "/admin/oauth/access_token",
             [shop](Request& r) { return shop->access_token(r); });
  router.add("POST", prefix + R"(/admin/api/(?:\d{4}-\d{2}|unstable)/graphql\.json)",
             [shop](Request& r) { return shop->graphql(r); });
  install_shopify_control(router, state);
}

}  // namespace roi::sim

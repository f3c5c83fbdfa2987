// Test-facing Shopify controls: expected totals and the orders of a shop, and signed webhook
// deliveries (orders/*, app/uninstalled, the privacy topics) sent to `shopify.webhook_url`.
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>

#include "outbound.hpp"
#include "platforms.hpp"
#include "shopify_orders.hpp"

namespace roi::sim {

namespace {

using namespace shopify;

const std::string kPlatform = "shopify";

Response control_error(const std::string& message) {
  return Response::json(400, write_json([&](JsonWriter& w) {
                          w.StartObject();
                          put(w, "error", message);
                          w.EndObject();
                        }));
}

void id_array(JsonWriter& w, const char* name, const std::vector<std::int64_t>& ids) {
  key(w, name);
  w.StartArray();
  for (const auto id : ids) w.Int64(id);
  w.EndArray();
}

class Control {
 public:
  explicit Control(State& state) : state_(state) {}

  Store store_of(const std::string& shop) const {
    return generate_store(shop, read_window(state_.settings, state_.clock.today()));
  }

  // ?shop=&since=&until= → per currency: orders, gross, refunded, net (decimal strings).
  Response expected(Request& req) {
    const auto shop = req.param("shop");
    if (!valid_shop(shop)) return control_error("shop must be a *.myshopify.com domain");
    const auto window = read_window(state_.settings, state_.clock.today());
    const auto since =
        req.param("since").empty() ? std::optional{window.first} : Date::parse(req.param("since"));
    const auto until =
        req.param("until").empty() ? std::optional{window.last} : Date::parse(req.param("until"));
    if (!since || !until) return control_error("since and until are YYYY-MM-DD");
    const auto store = store_of(shop);
    const auto t = totals(store, *since, *until);
    const auto a = attribution_totals(store, window.ads, *since, *until);
    auto figures = [](JsonWriter& w, const Attributed& f) {
      w.StartObject();
      put_int(w, "orders", f.orders);
      put(w, "net", decimal(f.net_cents));
      w.EndObject();
    };
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "since", since->str());
                            put(w, "until", until->str());
                            key(w, "currencies");
                            w.StartObject();
                            for (const auto& [currency, c] : t) {
                              key(w, currency);
                              w.StartObject();
                              put_int(w, "orders", c.orders);
                              put(w, "gross", decimal(c.gross_cents));
                              put(w, "refunded", decimal(c.refunded_cents));
                              put(w, "net", decimal(c.gross_cents - c.refunded_cents));
                              w.EndObject();
                            }
                            w.EndObject();
                            // What first-party attribution must find with the shipped settings: per
                            // platform and currency, per campaign (orders in its currency), and the
                            // revenue no campaign explains.
                            key(w, "attribution");
                            w.StartObject();
                            key(w, "platforms");
                            w.StartObject();
                            std::string open;
                            for (const auto& [k, f] : a.platforms) {
                              if (k.first != open) {
                                if (!open.empty()) w.EndObject();
                                key(w, k.first.c_str());
                                w.StartObject();
                                open = k.first;
                              }
                              key(w, k.second.c_str());
                              figures(w, f);
                            }
                            if (!open.empty()) w.EndObject();
                            w.EndObject();
                            key(w, "campaigns");
                            w.StartArray();
                            for (const auto& c : window.ads) {
                              const auto it = a.campaigns.find(c.id);
                              if (it == a.campaigns.end()) continue;
                              w.StartObject();
                              put(w, "platform", c.platform);
                              put(w, "id", c.id);
                              put(w, "name", c.name);
                              put(w, "currency", c.currency);
                              put_int(w, "orders", it->second.orders);
                              put(w, "net", decimal(it->second.net_cents));
                              w.EndObject();
                            }
                            w.EndArray();
                            key(w, "unexplained");
                            w.StartObject();
                            for (const auto& [currency, f] : a.unexplained) {
                              key(w, currency.c_str());
                              figures(w, f);
                            }
                            w.EndObject();
                            w.EndObject();
                            w.EndObject();
                          }));
  }

  // ?shop= → the shop's id, currency and every order as its webhook payload would carry it.
  Response orders(Request& req) {
    const auto shop = req.param("shop");
    if (!valid_shop(shop)) return control_error("shop must be a *.myshopify.com domain");
    const auto store = store_of(shop);
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put_int(w, "shop_id", store.id);
                            put(w, "currency", store.currency);
                            key(w, "orders");
                            w.StartArray();
                            for (const auto& o : store.orders) write_rest_order(w, store, o, true);
                            w.EndArray();
                            w.EndObject();
                          }));
  }

  // {"topic","shop","order"?: id,"repeat"?: n} → sends one delivery (`repeat` times,
  // byte-identical, same X-Shopify-Webhook-Id) and answers its id, payload and the endpoint's
  // statuses.
  Response deliver(Request& req) {
    rapidjson::Document doc;
    std::string error;
    if (!parse_json(req.body, doc, error) || !doc.IsObject())
      return control_error("body must be a JSON object");
    const auto topic = string_member(doc, "topic");
    const auto shop = string_member(doc, "shop");
    if (!valid_shop(shop)) return control_error("shop must be a *.myshopify.com domain");
    const auto url = state_.settings.text(kPlatform, "webhook_url");
    if (url.empty()) return control_error("set shopify.webhook_url first");
    const auto store = store_of(shop);
    if (store.orders.empty()) return control_error("the shop has no orders in the window");
    const Order* order = &store.orders.front();
    if (doc.HasMember("order") && doc["order"].IsInt64()) {
      order = nullptr;
      for (const auto& o : store.orders)
        if (o.id == doc["order"].GetInt64()) order = &o;
      if (!order) return control_error("no such order in the shop");
    }
    std::string payload;
    if (!payload_for(topic, store, *order, payload))
      return control_error("unknown topic: " + topic);
    const auto repeat = doc.HasMember("repeat") && doc["repeat"].IsInt()
                            ? std::clamp(doc["repeat"].GetInt(), 1, 5)
                            : 1;
    const auto webhook_id = random_id(8) + "-" + random_id(4) + "-" + random_id(12);
    const std::vector<std::pair<std::string, std::string>> headers{
        {"Content-Type", "application/json"},
        {"User-Agent", "Shopify-Captain-Hook"},
        {"X-Shopify-Topic", topic},
        {"X-Shopify-Hmac-Sha256", sdk::helpers::to_base64(sdk::helpers::hmac_sha256(
                                      state_.settings.text(kPlatform, "api_secret"), payload))},
        {"X-Shopify-Shop-Domain", shop},
        {"X-Shopify-API-Version", "2026-10"},
        {"X-Shopify-Webhook-Id", webhook_id},
        {"X-Shopify-Event-Id", random_id(12)},
        {"X-Shopify-Triggered-At", iso_time(state_.clock.now())}};
    std::vector<PostResult> results;
    for (int i = 0; i < repeat; ++i) results.push_back(post_json(url, headers, payload));
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "webhook_id", webhook_id);
                            put(w, "payload", payload);
                            key(w, "statuses");
                            w.StartArray();
                            for (const auto& r : results) w.Int(r.status);
                            w.EndArray();
                            key(w, "errors");
                            w.StartArray();
                            for (const auto& r : results) str(w, r.error);
                            w.EndArray();
                            w.EndObject();
                          }));
  }

 private:
  static bool payload_for(const std::string& topic, const Store& store, const Order& order,
                          std::string& out) {
    std::vector<std::int64_t> customer_orders;
    for (const auto& o : store.orders)
      if (o.customer_id == order.customer_id) customer_orders.push_back(o.id);
    const auto shop_fields = [&](JsonWriter& w) {
      put_int(w, "shop_id", store.id);
      put(w, "shop_domain", store.domain);
    };
    const auto customer = [&](JsonWriter& w) {
      key(w, "customer");
      w.StartObject();
      put_int(w, "id", order.customer_id);
      put(w, "email",
          "customer" + std::to_string(order.customer_id % 100) + "@" + store.name + ".example");
      put(w, "phone", "+15555550" + std::to_string(100 + order.customer_id % 100));
      w.EndObject();
    };
    if (topic == "orders/create" || topic == "orders/updated") {
      out = write_json(
          [&](JsonWriter& w) { write_rest_order(w, store, order, topic == "orders/updated"); });
    } else if (topic == "app/uninstalled") {
      out = write_json([&](JsonWriter& w) {
        w.StartObject();
        put_int(w, "id", store.id);
        put(w, "name", store.name);
        put(w, "domain", store.domain);
        put(w, "myshopify_domain", store.domain);
        put(w, "currency", store.currency);
        w.EndObject();
      });
    } else if (topic == "customers/data_request" || topic == "customers/redact") {
      const bool request = topic == "customers/data_request";
      out = write_json([&](JsonWriter& w) {
        w.StartObject();
        shop_fields(w);
        customer(w);
        id_array(w, request ? "orders_requested" : "orders_to_redact", customer_orders);
        if (request) {
          key(w, "data_request");
          w.StartObject();
          put_int(w, "id", 9000 + order.customer_id % 1000);
          w.EndObject();
        }
        w.EndObject();
      });
    } else if (topic == "shop/redact") {
      out = write_json([&](JsonWriter& w) {
        w.StartObject();
        shop_fields(w);
        w.EndObject();
      });
    } else if (topic.rfind("sim/", 0) == 0) {
      // A topic the app never subscribed to: lets a test check unknown topics are accepted and
      // ignored.
      out = write_json([&](JsonWriter& w) {
        w.StartObject();
        shop_fields(w);
        w.EndObject();
      });
    } else {
      return false;
    }
    return true;
  }

  State& state_;
};

}  // namespace

void install_shopify_control(Router& router, State& state) {
  auto c = std::make_shared<Control>(state);
  router.add("GET", "/_sim/shopify/expected", [c](Request& r) { return c->expected(r); });
  router.add("GET", "/_sim/shopify/orders", [c](Request& r) { return c->orders(r); });
  router.add("POST", "/_sim/shopify/webhooks", [c](Request& r) { return c->deliver(r); });
}

}  // namespace roi::sim

#include "stripe_objects.hpp"

#include <atomic>

#include "state.hpp"

namespace roi::sim::stripe {
namespace {

// The version the simulator renders, the one stripe-node pins (platform-apis.md §0).
constexpr const char* kApiVersion = "2026-08-26.dahlia";

void metadata(JsonWriter& w, const Metadata& m) {
  key(w, "metadata");
  w.StartObject();
  for (const auto& [k, v] : m) put(w, k, v);
  w.EndObject();
}

void nullable(JsonWriter& w, std::string_view k, const std::string& v) {
  key(w, k);
  if (v.empty()) {
    w.Null();
  } else {
    str(w, v);
  }
}

void nullable_time(JsonWriter& w, std::string_view k, const std::optional<std::int64_t>& v) {
  key(w, k);
  if (v) {
    w.Int64(*v);
  } else {
    w.Null();
  }
}

}  // namespace

std::string new_id(const std::string& prefix) {
  static std::atomic<std::uint64_t> counter{0};
  std::string tail = random_id(16);
  for (char& c : tail) {
    if (c == '-' || c == '_') c = 'Z';
  }
  return prefix + "1Sim" + std::to_string(++counter) + tail;
}

void write(JsonWriter& w, const Customer& c) {
  w.StartObject();
  put(w, "id", c.id);
  put(w, "object", "customer");
  put_int(w, "created", c.created);
  nullable(w, "email", c.email);
  nullable(w, "name", c.name);
  key(w, "livemode");
  w.Bool(false);
  metadata(w, c.metadata);
  w.EndObject();
}

void write(JsonWriter& w, const CheckoutSession& s) {
  w.StartObject();
  put(w, "id", s.id);
  put(w, "object", "checkout.session");
  put_int(w, "amount_total", 0);
  nullable(w, "cancel_url", s.cancel_url);
  nullable(w, "client_reference_id", s.client_reference_id);
  put_int(w, "created", s.created);
  put(w, "currency", "usd");
  nullable(w, "customer", s.customer);
  nullable(w, "customer_email", s.customer_email);
  put_int(w, "expires_at", s.expires_at);
  key(w, "livemode");
  w.Bool(false);
  metadata(w, s.metadata);
  put(w, "mode", "subscription");
  put(w, "payment_status", s.payment_status);
  put(w, "status", s.status);
  nullable(w, "subscription", s.subscription);
  nullable(w, "success_url", s.success_url);
  nullable(w, "url", s.status == "open" ? s.url : std::string());
  w.EndObject();
}

void write(JsonWriter& w, const Subscription& s) {
  w.StartObject();
  put(w, "id", s.id);
  put(w, "object", "subscription");
  nullable_time(w, "cancel_at",
                s.cancel_at_period_end ? std::optional(s.period_end) : std::nullopt);
  key(w, "cancel_at_period_end");
  w.Bool(s.cancel_at_period_end);
  nullable_time(w, "canceled_at", s.canceled_at);
  put_int(w, "created", s.created);
  put(w, "customer", s.customer);
  nullable_time(w, "ended_at", s.ended_at);
  key(w, "items");
  w.StartObject();
  put(w, "object", "list");
  key(w, "data");
  w.StartArray();
  w.StartObject();
  put(w, "id", s.item_id);
  put(w, "object", "subscription_item");
  put_int(w, "current_period_end", s.period_end);
  put_int(w, "current_period_start", s.period_start);
  key(w, "price");
  w.StartObject();
  put(w, "id", s.price);
  put(w, "object", "price");
  w.EndObject();
  put_int(w, "quantity", 1);
  put(w, "subscription", s.id);
  w.EndObject();
  w.EndArray();
  key(w, "has_more");
  w.Bool(false);
  put(w, "url", "/v1/subscription_items?subscription=" + s.id);
  w.EndObject();
  key(w, "livemode");
  w.Bool(false);
  metadata(w, s.metadata);
  put_int(w, "start_date", s.created);
  put(w, "status", s.status);
  w.EndObject();
}

Event make_event(const std::string& type, std::int64_t created, const std::string& object,
                 const std::string& previous, bool from_api_request) {
  Event e{new_id("evt_"), type, created, {}};
  // Rendered by hand around already-rendered objects, so the bytes are fixed once and every
  // delivery (and redelivery) of the event sends exactly them.
  e.payload = "{\"id\":\"" + e.id + "\",\"object\":\"event\",\"api_version\":\"" + kApiVersion +
              "\",\"created\":" + std::to_string(created) + ",\"data\":{\"object\":" + object +
              (previous.empty() ? "" : ",\"previous_attributes\":" + previous) +
              "},\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":" +
              (from_api_request ? "\"" + new_id("req_") + "\"" : std::string("null")) +
              ",\"idempotency_key\":null},\"type\":\"" + type + "\"}";
  return e;
}

std::string error_body(const std::string& type, const std::string& code, const std::string& message,
                       const std::string& param) {
  return write_json([&](JsonWriter& w) {
    w.StartObject();
    key(w, "error");
    w.StartObject();
    if (!code.empty()) put(w, "code", code);
    if (!code.empty()) {
      std::string slug = code;
      for (char& c : slug) c = c == '_' ? '-' : c;
      put(w, "doc_url", "https://stripe.com/docs/error-codes/" + slug);
    }
    put(w, "message", message);
    if (!param.empty()) put(w, "param", param);
    put(w, "type", type);
    w.EndObject();
    w.EndObject();
  });
}

}  // namespace roi::sim::stripe

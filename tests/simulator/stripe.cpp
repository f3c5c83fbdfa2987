// Stripe API subset: customers, Checkout Sessions in subscription mode, subscriptions (retrieve,
// update with cancel_at_period_end, a new price with proration, metadata; cancel), form-encoded
// requests, Bearer or Basic secret key, Stripe's error envelope; and the events those cause, signed
// and sent to `stripe.webhook_url`. Served under /api.stripe.com/v1/...; the hosted checkout page
// under /checkout.stripe.com/.
#include <functional>
#include <initializer_list>
#include <mutex>
#include <roi/sdk/helpers/encoding.hpp>
#include <thread>

#include "platforms.hpp"
#include "stripe_webhooks.hpp"

namespace roi::sim {

namespace {

using namespace stripe;

const std::string kPlatform = "stripe";

Response stripe_error(unsigned status, const std::string& type, const std::string& code,
                      const std::string& message, const std::string& param = {}) {
  return Response::json(status, error_body(type, code, message, param));
}

Response missing(const std::string& what, const std::string& id) {
  return stripe_error(404, "invalid_request_error", "resource_missing",
                      "No such " + what + ": '" + id + "'", "id");
}

// metadata[k]=v (or subscription_data[metadata][k]=v with that prefix) from a form.
Metadata metadata_of(const Params& form, const std::string& prefix) {
  Metadata out;
  for (const auto& [k, v] : form) {
    if (k.rfind(prefix, 0) == 0 && k.size() > prefix.size() + 1 && k.back() == ']') {
      out[k.substr(prefix.size(), k.size() - prefix.size() - 1)] = v;
    }
  }
  return out;
}

// Text for an HTML attribute or element.
std::string html_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

template <class T>
std::string json_of(const T& object) {
  return write_json([&](JsonWriter& w) { write(w, object); });
}

class Stripe {
 public:
  explicit Stripe(State& state) : state_(state) {}

  // Bearer or Basic (key as user name), as the real API takes it.
  std::optional<Response> check_key(const Request& req) const {
    const std::string auth = req.header("authorization");
    std::string key;
    if (auth.rfind("Bearer ", 0) == 0) key = auth.substr(7);
    if (auth.rfind("Basic ", 0) == 0) {
      const std::string decoded = sdk::helpers::from_base64(auth.substr(6)).value_or("");
      key = decoded.substr(0, decoded.find(':'));
    }
    if (key.empty()) {
      return stripe_error(
          401, "invalid_request_error", "",
          "You did not provide an API key. You need to provide your API key in the Authorization "
          "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    if (key != state_.settings.text(kPlatform, "secret_key")) {
      return stripe_error(401, "invalid_request_error", "",
                          "Invalid API Key provided: " + key.substr(0, 8) + "****" +
                              (key.size() > 12 ? key.substr(key.size() - 4) : ""));
    }
    return std::nullopt;
  }

  Response create_customer(Request& req) {
    const Params form = parse_form(req.body);
    std::lock_guard lock(mu_);
    Customer c{new_id("cus_"), param(form, "email"), param(form, "name"),
               metadata_of(form, "metadata["), state_.clock.now()};
    customers_[c.id] = c;
    return Response::json(200, json_of(c));
  }

  Response get_customer(Request& req) { return retrieve(customers_, "customer", req.captures[0]); }

  Response create_session(Request& req) {
    const Params form = parse_form(req.body);
    const std::string mode = param(form, "mode");
    if (mode.empty()) return param_missing("mode");
    if (mode != "subscription") {
      return stripe_error(400, "invalid_request_error", "parameter_invalid_string",
                          "The simulator only creates Checkout Sessions with mode=subscription.",
                          "mode");
    }
    const std::string price = param(form, "line_items[0][price]");
    if (price.empty()) return param_missing("line_items[0][price]");
    if (price.rfind("price_", 0) != 0) {
      return stripe_error(400, "invalid_request_error", "resource_missing",
                          "No such price: '" + price + "'", "line_items[0][price]");
    }
    if (param(form, "success_url").empty()) return param_missing("success_url");
    std::lock_guard lock(mu_);
    const std::string customer = param(form, "customer");
    if (!customer.empty() && !customers_.count(customer)) return missing("customer", customer);
    CheckoutSession s;
    s.id = new_id("cs_test_");
    s.url = "http://" + req.header("host") + "/checkout.stripe.com/c/pay/" + s.id;
    s.price = price;
    s.customer = customer;
    s.customer_email = param(form, "customer_email");
    s.client_reference_id = param(form, "client_reference_id");
    s.success_url = param(form, "success_url");
    s.cancel_url = param(form, "cancel_url");
    s.metadata = metadata_of(form, "metadata[");
    s.subscription_metadata = metadata_of(form, "subscription_data[metadata][");
    s.created = state_.clock.now();
    s.expires_at = s.created + 24 * 3600;
    sessions_[s.id] = s;
    return Response::json(200, json_of(s));
  }

  Response get_session(Request& req) {
    return retrieve(sessions_, "checkout.session", req.captures[0]);
  }

  Response get_subscription(Request& req) {
    return retrieve(subscriptions_, "subscription", req.captures[0]);
  }

  // An update: cancel_at_period_end, a new price for the one item (items[0][id] and
  // items[0][price], prorated as proration_behavior says) and metadata (merged, "" deletes a key).
  // One customer.subscription.updated event with the previous values of what changed follows.
  Response update_subscription(Request& req) {
    const Params form = parse_form(req.body);
    const std::string flag = param(form, "cancel_at_period_end");
    if (!flag.empty() && flag != "true" && flag != "false") {
      return stripe_error(400, "invalid_request_error", "parameter_invalid_boolean",
                          "Invalid boolean: " + flag, "cancel_at_period_end");
    }
    const std::string item = param(form, "items[0][id]");
    const std::string price = param(form, "items[0][price]");
    if (!price.empty() && price.rfind("price_", 0) != 0) {
      return stripe_error(400, "invalid_request_error", "resource_missing",
                          "No such price: '" + price + "'", "items[0][price]");
    }
    const std::string proration = param(form, "proration_behavior");
    if (!proration.empty() && proration != "create_prorations" && proration != "none" &&
        proration != "always_invoice") {
      return stripe_error(
          400, "invalid_request_error", "parameter_invalid_string",
          "Invalid proration_behavior: must be one of create_prorations, none, or always_invoice",
          "proration_behavior");
    }
    const Metadata metadata = metadata_of(form, "metadata[");
    return modify_subscription(
        req.captures[0],
        [&](Subscription& sub, std::vector<Event>& events) -> std::optional<Response> {
          if (sub.status == "canceled") {
            return stripe_error(
                400, "invalid_request_error", "",
                "A canceled subscription can only update its cancellation_details and metadata.");
          }
          if (!item.empty() && item != sub.item_id) {
            return stripe_error(400, "invalid_request_error", "resource_missing",
                                "No such subscription item: '" + item + "'", "items[0][id]");
          }
          if (!price.empty() && item.empty()) {
            // Without the item's id Stripe would add a second item; the simulator keeps one.
            return stripe_error(400, "invalid_request_error", "parameter_missing",
                                "The simulator changes a price only with items[0][id] naming the "
                                "subscription's item.",
                                "items[0][id]");
          }
          const Subscription before = sub;
          if (!flag.empty()) sub.cancel_at_period_end = flag == "true";
          if (!price.empty()) sub.price = price;
          for (const auto& [k, v] : metadata) {
            if (v.empty()) {
              sub.metadata.erase(k);
            } else {
              sub.metadata[k] = v;
            }
          }
          const bool cancel_changed = before.cancel_at_period_end != sub.cancel_at_period_end;
          const bool price_changed = before.price != sub.price;
          const bool metadata_changed = before.metadata != sub.metadata;
          if (!cancel_changed && !price_changed && !metadata_changed) return std::nullopt;
          if (price_changed && proration != "none") ++sub.prorations;
          const std::string previous = write_json([&](JsonWriter& w) {
            w.StartObject();
            if (cancel_changed) {
              key(w, "cancel_at");
              if (before.cancel_at_period_end)
                w.Int64(before.period_end);
              else
                w.Null();
              key(w, "cancel_at_period_end");
              w.Bool(before.cancel_at_period_end);
            }
            if (price_changed) {
              // The whole items list as it was, as Stripe renders a changed list.
              const std::string items = json_of(before);
              rapidjson::Document doc;
              doc.Parse(items.data(), items.size());
              key(w, "items");
              doc["items"].Accept(w);
            }
            if (metadata_changed) {
              key(w, "metadata");
              w.StartObject();
              for (const auto& [k, v] : before.metadata) put(w, k, v);
              w.EndObject();
            }
            w.EndObject();
          });
          events.push_back(emit("customer.subscription.updated", json_of(sub), previous, true));
          return std::nullopt;
        });
  }

  Response cancel_subscription(Request& req) {
    return modify_subscription(
        req.captures[0],
        [&](Subscription& sub, std::vector<Event>& events) -> std::optional<Response> {
          if (sub.status == "canceled") {
            return stripe_error(400, "invalid_request_error", "resource_missing",
                                "No such subscription: '" + sub.id + "'; it was canceled already.",
                                "id");
          }
          sub.status = "canceled";
          sub.canceled_at = sub.ended_at = state_.clock.now();
          events.push_back(emit("customer.subscription.deleted", json_of(sub), "", true));
          return std::nullopt;
        });
  }

  // The hosted page: one button that pays (a form POST to this URL), as a customer would click.
  Response checkout_page(Request& req) {
    std::lock_guard lock(mu_);
    const auto it = sessions_.find(req.captures[0]);
    if (it == sessions_.end()) return Response::html(404, "<h1>Something went wrong</h1>");
    if (it->second.status != "open") {
      return Response::html(
          410, "<!doctype html><title>Checkout (simulated)</title><h1>This checkout is " +
                   it->second.status + "</h1>");
    }
    return Response::html(200,
                          "<!doctype html><title>Checkout (simulated)</title><h1>Subscribe</h1>"
                          "<p>Price " +
                              html_escaped(it->second.price) +
                              " (simulated; no card needed)</p>"
                              "<form method=\"post\" action=\"/checkout.stripe.com/c/pay/" +
                              it->first +
                              "\"><button type=\"submit\">Subscribe</button></form>"
                              "<p><a href=\"" +
                              html_escaped(it->second.cancel_url) + "\">Back</a></p>");
  }

  // The button: the customer pays, the events go out, and the browser goes to the success URL
  // with {CHECKOUT_SESSION_ID} filled in.
  Response pay(Request& req) {
    std::vector<Event> events;
    std::string session_json, target;
    if (auto refused = complete_session(req.captures[0], events, session_json)) return *refused;
    {
      std::lock_guard lock(mu_);
      const CheckoutSession& s = sessions_.at(req.captures[0]);
      target = s.success_url;
      const std::string placeholder = "{CHECKOUT_SESSION_ID}";
      if (const auto at = target.find(placeholder); at != std::string::npos)
        target.replace(at, placeholder.size(), s.id);
    }
    for (const auto& e : events) send(e);
    Response res = Response::html(303, "<!doctype html><title>Paid</title><a href=\"" +
                                           html_escaped(target) + "\">Continue</a>");
    res.headers.emplace_back("Location", target);
    return res;
  }

  // The customer pays: the session completes, a customer and an active subscription appear,
  // and checkout.session.completed, customer.subscription.created and invoice.paid are sent
  // now, in the order `delivery` asks (normal, reverse, duplicate, none).
  Response complete(Request& req) {
    rapidjson::Document doc;
    std::string error;
    std::string delivery = "normal";
    if (!req.body.empty()) {
      if (!parse_json(req.body, doc, error) || !doc.IsObject())
        return bad("body must be a JSON object: " + error);
      if (auto d = string_member(doc, "delivery"); !d.empty()) delivery = d;
    }
    if (delivery != "normal" && delivery != "reverse" && delivery != "duplicate" &&
        delivery != "none") {
      return bad("delivery must be normal, reverse, duplicate or none");
    }
    std::vector<Event> events;
    std::string session_json;
    if (auto refused = complete_session(req.captures[0], events, session_json)) return *refused;
    std::vector<Event> order;
    if (delivery == "reverse") order.assign(events.rbegin(), events.rend());
    for (const auto& e : events) {
      if (delivery == "normal") order.push_back(e);
      if (delivery == "duplicate") order.insert(order.end(), {e, e});
    }
    std::vector<Delivery> sent;
    for (const auto& e : order) sent.push_back(send(e));
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            key(w, "session");
                            w.RawValue(session_json.data(), session_json.size(),
                                       rapidjson::kObjectType);
                            key(w, "events");
                            w.StartArray();
                            for (const auto& e : events) str(w, e.id);
                            w.EndArray();
                            key(w, "deliveries");
                            write_deliveries(w, sent);
                            w.EndObject();
                          }));
  }

  Response list_events(Request&) {
    std::lock_guard lock(mu_);
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartArray();
                            for (const auto& e : events_) {
                              w.StartObject();
                              put(w, "id", e.id);
                              put(w, "type", e.type);
                              put_int(w, "created", e.created);
                              put(w, "payload", e.payload);
                              w.EndObject();
                            }
                            w.EndArray();
                          }));
  }

  // Sends an event again, byte for byte, with a fresh signature: a duplicate delivery.
  Response redeliver(Request& req) {
    std::optional<Event> event;
    {
      std::lock_guard lock(mu_);
      for (const auto& e : events_) {
        if (e.id == req.captures[0]) event = e;
      }
    }
    if (!event) return bad("no such event");
    const Delivery d = send(*event);
    return Response::json(200, write_json([&](JsonWriter& w) { write_deliveries(w, {d}); }));
  }

  // Customers, sessions and subscriptions as JSON, and back (a --state file): a restarted
  // `make run` still knows the subscriptions it sold, so a cancel or a plan change works.
  void save(JsonWriter& w) {
    std::lock_guard lock(mu_);
    w.StartObject();
    key(w, "customers");
    w.StartArray();
    for (const auto& [id, c] : customers_) {
      w.StartObject();
      put(w, "id", c.id);
      put(w, "email", c.email);
      put(w, "name", c.name);
      put_int(w, "created", c.created);
      save_metadata(w, "metadata", c.metadata);
      w.EndObject();
    }
    w.EndArray();
    key(w, "sessions");
    w.StartArray();
    for (const auto& [id, s] : sessions_) {
      w.StartObject();
      for (const auto& [k, v] : std::initializer_list<std::pair<const char*, const std::string*>>{
               {"id", &s.id},
               {"url", &s.url},
               {"price", &s.price},
               {"customer", &s.customer},
               {"customer_email", &s.customer_email},
               {"client_reference_id", &s.client_reference_id},
               {"subscription", &s.subscription},
               {"success_url", &s.success_url},
               {"cancel_url", &s.cancel_url},
               {"status", &s.status},
               {"payment_status", &s.payment_status}}) {
        put(w, k, *v);
      }
      save_metadata(w, "metadata", s.metadata);
      save_metadata(w, "subscription_metadata", s.subscription_metadata);
      put_int(w, "created", s.created);
      put_int(w, "expires_at", s.expires_at);
      w.EndObject();
    }
    w.EndArray();
    key(w, "subscriptions");
    w.StartArray();
    for (const auto& [id, s] : subscriptions_) {
      w.StartObject();
      for (const auto& [k, v] : std::initializer_list<std::pair<const char*, const std::string*>>{
               {"id", &s.id},
               {"item_id", &s.item_id},
               {"customer", &s.customer},
               {"price", &s.price},
               {"status", &s.status}}) {
        put(w, k, *v);
      }
      key(w, "cancel_at_period_end");
      w.Bool(s.cancel_at_period_end);
      put_int(w, "created", s.created);
      put_int(w, "period_start", s.period_start);
      put_int(w, "period_end", s.period_end);
      put_int(w, "canceled_at", s.canceled_at.value_or(-1));
      put_int(w, "ended_at", s.ended_at.value_or(-1));
      put_int(w, "prorations", s.prorations);
      save_metadata(w, "metadata", s.metadata);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }

  void load(const rapidjson::Value& saved) {
    if (!saved.IsObject()) return;
    std::lock_guard lock(mu_);
    for (const rapidjson::Value& o : array(saved, "customers")) {
      Customer c{string_member(o, "id"), string_member(o, "email"), string_member(o, "name"),
                 load_metadata(o, "metadata"), integer(o, "created")};
      if (!c.id.empty()) customers_[c.id] = c;
    }
    for (const rapidjson::Value& o : array(saved, "sessions")) {
      CheckoutSession s;
      s.id = string_member(o, "id");
      s.url = string_member(o, "url");
      s.price = string_member(o, "price");
      s.customer = string_member(o, "customer");
      s.customer_email = string_member(o, "customer_email");
      s.client_reference_id = string_member(o, "client_reference_id");
      s.subscription = string_member(o, "subscription");
      s.success_url = string_member(o, "success_url");
      s.cancel_url = string_member(o, "cancel_url");
      s.status = string_member(o, "status");
      s.payment_status = string_member(o, "payment_status");
      s.metadata = load_metadata(o, "metadata");
      s.subscription_metadata = load_metadata(o, "subscription_metadata");
      s.created = integer(o, "created");
      s.expires_at = integer(o, "expires_at");
      if (!s.id.empty()) sessions_[s.id] = s;
    }
    for (const rapidjson::Value& o : array(saved, "subscriptions")) {
      Subscription s;
      s.id = string_member(o, "id");
      s.item_id = string_member(o, "item_id");
      s.customer = string_member(o, "customer");
      s.price = string_member(o, "price");
      s.status = string_member(o, "status");
      const auto flag = o.FindMember("cancel_at_period_end");
      s.cancel_at_period_end =
          flag != o.MemberEnd() && flag->value.IsBool() && flag->value.GetBool();
      s.created = integer(o, "created");
      s.period_start = integer(o, "period_start");
      s.period_end = integer(o, "period_end");
      if (const auto at = integer(o, "canceled_at"); at >= 0) s.canceled_at = at;
      if (const auto at = integer(o, "ended_at"); at >= 0) s.ended_at = at;
      s.prorations = static_cast<int>(integer(o, "prorations"));
      s.metadata = load_metadata(o, "metadata");
      if (!s.id.empty()) subscriptions_[s.id] = s;
    }
  }

  Response deliveries(Request&) {
    std::lock_guard lock(delivered_mu_);
    return Response::json(200, write_json([&](JsonWriter& w) { write_deliveries(w, delivered_); }));
  }

 private:
  static void save_metadata(JsonWriter& w, const char* name, const Metadata& m) {
    key(w, name);
    w.StartObject();
    for (const auto& [k, v] : m) put(w, k, v);
    w.EndObject();
  }

  static Metadata load_metadata(const rapidjson::Value& o, const char* name) {
    Metadata out;
    const auto it = o.FindMember(name);
    if (it == o.MemberEnd() || !it->value.IsObject()) return out;
    for (const auto& m : it->value.GetObject()) {
      if (m.value.IsString()) out[m.name.GetString()] = m.value.GetString();
    }
    return out;
  }

  static std::int64_t integer(const rapidjson::Value& o, const char* name) {
    const auto it = o.FindMember(name);
    return it != o.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : 0;
  }

  // The objects of array member `name`, or none.
  static std::vector<std::reference_wrapper<const rapidjson::Value>> array(
      const rapidjson::Value& o, const char* name) {
    std::vector<std::reference_wrapper<const rapidjson::Value>> out;
    const auto it = o.FindMember(name);
    if (it == o.MemberEnd() || !it->value.IsArray()) return out;
    for (const auto& v : it->value.GetArray()) {
      if (v.IsObject()) out.emplace_back(v);
    }
    return out;
  }

  // The customer paid session `id`: a customer and an active subscription appear; the events
  // (checkout.session.completed, customer.subscription.created, invoice.paid) are returned to send.
  std::optional<Response> complete_session(const std::string& id, std::vector<Event>& events,
                                           std::string& session_json) {
    std::lock_guard lock(mu_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return bad("no such checkout session");
    CheckoutSession& s = it->second;
    if (s.status != "open") return bad("the checkout session is " + s.status);
    const std::int64_t now = state_.clock.now();
    if (s.customer.empty()) {
      Customer c{new_id("cus_"), s.customer_email, "", {}, now};
      customers_[c.id] = c;
      s.customer = c.id;
    }
    Subscription sub{new_id("sub_"),
                     new_id("si_"),
                     s.customer,
                     s.price,
                     "active",
                     false,
                     now,
                     now,
                     now + state_.settings.integer(kPlatform, "period_days") * 86400,
                     std::nullopt,
                     std::nullopt,
                     s.subscription_metadata};
    subscriptions_[sub.id] = sub;
    s.subscription = sub.id;
    s.status = "complete";
    s.payment_status = "paid";
    session_json = json_of(s);
    events.push_back(emit("checkout.session.completed", session_json, "", false));
    events.push_back(emit("customer.subscription.created", json_of(sub), "", false));
    events.push_back(emit("invoice.paid",
                          "{\"id\":\"" + new_id("in_") +
                              "\",\"object\":\"invoice\",\"amount_paid\":0,"
                              "\"currency\":\"usd\",\"customer\":\"" +
                              s.customer +
                              "\",\"status\":\"paid\","
                              "\"subscription\":\"" +
                              sub.id + "\"}",
                          "", false));
    return std::nullopt;
  }

  template <class T>
  Response retrieve(const std::map<std::string, T>& objects, const std::string& what,
                    const std::string& id) {
    std::lock_guard lock(mu_);
    const auto it = objects.find(id);
    return it == objects.end() ? missing(what, id) : Response::json(200, json_of(it->second));
  }

  // Runs `change` on a subscription under the lock (it may refuse with an answer); the events it
  // adds reach the webhook endpoint after the API call answered, as with Stripe.
  template <class Change>
  Response modify_subscription(const std::string& id, Change&& change) {
    std::unique_lock lock(mu_);
    const auto it = subscriptions_.find(id);
    if (it == subscriptions_.end()) return missing("subscription", id);
    std::vector<Event> events;
    if (auto refused = change(it->second, events)) return *refused;
    Response res = Response::json(200, json_of(it->second));
    lock.unlock();
    send_later(std::move(events));
    return res;
  }

  static std::string param(const Params& form, const std::string& name) {
    const auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  }

  static Response param_missing(const std::string& name) {
    return stripe_error(400, "invalid_request_error", "parameter_missing",
                        "Missing required param: " + name + ".", name);
  }

  static Response bad(const std::string& message) {
    return Response::json(400, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            put(w, "error", message);
                            w.EndObject();
                          }));
  }

  static void write_deliveries(JsonWriter& w, const std::vector<Delivery>& list) {
    w.StartArray();
    for (const auto& d : list) {
      w.StartObject();
      put(w, "event", d.event_id);
      put(w, "type", d.type);
      put_int(w, "status", d.status);
      if (!d.error.empty()) put(w, "error", d.error);
      w.EndObject();
    }
    w.EndArray();
  }

  // Callers hold mu_.
  Event emit(const std::string& type, const std::string& object, const std::string& previous,
             bool from_api) {
    events_.push_back(make_event(type, state_.clock.now(), object, previous, from_api));
    return events_.back();
  }

  Delivery send(const Event& e) {
    const std::string url = state_.settings.text(kPlatform, "webhook_url");
    Delivery d{e.id, e.type, 0, "no webhook_url configured"};
    if (!url.empty())
      d = deliver(url, state_.settings.text(kPlatform, "webhook_secret"), e, state_.clock.now());
    std::lock_guard lock(delivered_mu_);
    delivered_.push_back(d);
    return d;
  }

  void send_later(std::vector<Event> events) {
    if (events.empty()) return;
    std::thread([this, events = std::move(events)] {
      for (const auto& e : events) send(e);
    }).detach();
  }

  State& state_;
  std::mutex mu_;
  std::map<std::string, Customer> customers_;
  std::map<std::string, CheckoutSession> sessions_;
  std::map<std::string, Subscription> subscriptions_;
  std::vector<Event> events_;
  std::mutex delivered_mu_;
  std::vector<Delivery> delivered_;
};

}  // namespace

void install_stripe(Router& router, State& state) {
  auto& s = state.settings;
  s.declare(kPlatform, "secret_key", std::string("sk_test_sim_secret_key"),
            "the API key requests must carry");
  s.declare(kPlatform, "webhook_url", std::string(),
            "where events are POSTed (http://host:port/path); empty: nowhere");
  s.declare(kPlatform, "webhook_secret", std::string("whsec_sim_webhook_secret"),
            "the endpoint secret events are signed with");
  s.declare(kPlatform, "period_days", std::int64_t{30}, "length of a billing period", 1, 3660);
  state.claim("/api.stripe.com/", kPlatform);
  // Lives as long as the router, which lives until the process ends.
  auto stripe = std::make_shared<Stripe>(state);
  state.persistent.push_back({kPlatform, [stripe](JsonWriter& w) { stripe->save(w); },
                              [stripe](const rapidjson::Value& v) { stripe->load(v); }});
  auto guarded = [stripe](auto method) {
    return [stripe, method](Request& r) {
      if (auto refused = stripe->check_key(r)) return *refused;
      return ((*stripe).*method)(r);
    };
  };
  const std::string v1 = R"(/api\.stripe\.com/v1)";
  const std::string id = R"(([A-Za-z0-9_]+))";
  router.add("POST", v1 + "/customers", guarded(&Stripe::create_customer));
  router.add("GET", v1 + "/customers/" + id, guarded(&Stripe::get_customer));
  router.add("POST", v1 + "/checkout/sessions", guarded(&Stripe::create_session));
  router.add("GET", v1 + "/checkout/sessions/" + id, guarded(&Stripe::get_session));
  router.add("GET", v1 + "/subscriptions/" + id, guarded(&Stripe::get_subscription));
  router.add("POST", v1 + "/subscriptions/" + id, guarded(&Stripe::update_subscription));
  router.add("DELETE", v1 + "/subscriptions/" + id, guarded(&Stripe::cancel_subscription));
  router.add("GET", R"(/checkout\.stripe\.com/c/pay/)" + id,
             [stripe](Request& r) { return stripe->checkout_page(r); });
  router.add("POST", R"(/checkout\.stripe\.com/c/pay/)" + id,
             [stripe](Request& r) { return stripe->pay(r); });
  router.add("POST", "/_sim/stripe/checkout/" + id + "/complete",
             [stripe](Request& r) { return stripe->complete(r); });
  router.add("GET", "/_sim/stripe/events", [stripe](Request& r) { return stripe->list_events(r); });
  router.add("POST", "/_sim/stripe/events/" + id + "/deliver",
             [stripe](Request& r) { return stripe->redeliver(r); });
  router.add("GET", "/_sim/stripe/deliveries",
             [stripe](Request& r) { return stripe->deliveries(r); });
}

}  // namespace roi::sim

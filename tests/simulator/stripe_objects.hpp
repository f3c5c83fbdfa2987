// Stripe's objects as the simulator keeps them (customers, Checkout Sessions, subscriptions,
// events) and their JSON as the API renders them: `id`, `object`, Unix-second times, metadata.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "json.hpp"

namespace roi::sim::stripe {

using Metadata = std::map<std::string, std::string>;

struct Customer {
  std::string id;
  std::string email;
  std::string name;
  Metadata metadata;
  std::int64_t created = 0;
};

struct CheckoutSession {
  std::string id;
  std::string url;
  std::string price;
  std::string customer;  // "" until completed (or given)
  std::string customer_email;
  std::string client_reference_id;
  std::string subscription;  // "" until completed
  std::string success_url;
  std::string cancel_url;
  std::string status = "open";  // open | complete | expired
  std::string payment_status = "unpaid";
  Metadata metadata;
  Metadata subscription_metadata;  // subscription_data[metadata][...]: copied to the subscription
  std::int64_t created = 0;
  std::int64_t expires_at = 0;
};

struct Subscription {
  std::string id;
  std::string item_id;
  std::string customer;
  std::string price;
  std::string status = "active";
  bool cancel_at_period_end = false;
  std::int64_t created = 0;
  std::int64_t period_start = 0;
  std::int64_t period_end = 0;
  std::optional<std::int64_t> canceled_at;
  std::optional<std::int64_t> ended_at;
  Metadata metadata;
  int prorations = 0;  // price changes billed prorated (proration_behavior other than none)
};

struct Event {
  std::string id;
  std::string type;
  std::int64_t created = 0;
  std::string payload;  // the exact bytes every delivery of this event sends
};

// A fresh id in Stripe's style: prefix, then letters and digits only.
std::string new_id(const std::string& prefix);

void write(JsonWriter& w, const Customer& c);
void write(JsonWriter& w, const CheckoutSession& s);
void write(JsonWriter& w, const Subscription& s);

// The event envelope around `object` (already rendered JSON); `previous` is the rendered
// previous_attributes of an *.updated event, "" for none.
Event make_event(const std::string& type, std::int64_t created, const std::string& object,
                 const std::string& previous, bool from_api_request);

// {"error":{"type","code","message","param"}} with the status Stripe uses.
std::string error_body(const std::string& type, const std::string& code, const std::string& message,
                       const std::string& param);

}  // namespace roi::sim::stripe

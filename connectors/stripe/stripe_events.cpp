#include "stripe_events.hpp"

#include <rapidjson/document.h>

#include <roi/sdk/errors.hpp>

namespace roi::stripe {
namespace {

using Value = rapidjson::Value;
using sdk::SubscriptionStatus;

const Value* member(const Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string text(const Value& object, const char* name) {
  const Value* v = member(object, name);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

std::optional<std::int64_t> integer(const Value& object, const char* name) {
  const Value* v = member(object, name);
  if (!v || !v->IsInt64()) return std::nullopt;
  return v->GetInt64();
}

// The event's id and type: short, non-empty strings, or the body is not a Stripe event.
std::string label(const Value& event, const char* name) {
  std::string value = text(event, name);
  if (value.empty() || value.size() > 255) {
    throw sdk::permanent(std::string("the event has no usable '") + name + "'");
  }
  return value;
}

std::optional<std::string> plan_of(const Value& object) {
  const Value* metadata = member(object, "metadata");
  std::string plan = metadata ? text(*metadata, "plan") : std::string();
  if (plan.empty()) return std::nullopt;
  return plan;
}

std::optional<SubscriptionStatus> status_of(std::string_view s) {
  static constexpr std::pair<std::string_view, SubscriptionStatus> kStatuses[] = {
      {"active", SubscriptionStatus::Active},
      {"trialing", SubscriptionStatus::Trialing},
      {"past_due", SubscriptionStatus::PastDue},
      {"canceled", SubscriptionStatus::Canceled},
      {"incomplete", SubscriptionStatus::Incomplete},
      {"incomplete_expired", SubscriptionStatus::IncompleteExpired},
      {"unpaid", SubscriptionStatus::Unpaid},
      {"paused", SubscriptionStatus::Paused},
  };
  for (const auto& [name, status] : kStatuses) {
    if (s == name) return status;
  }
  return std::nullopt;
}

std::optional<std::chrono::sys_seconds> period_end(const Value& subscription) {
  auto seconds = integer(subscription, "current_period_end");
  if (!seconds) {
    const Value* items = member(subscription, "items");
    const Value* data = items ? member(*items, "data") : nullptr;
    if (data && data->IsArray() && !data->Empty())
      seconds = integer((*data)[0], "current_period_end");
  }
  if (!seconds) return std::nullopt;
  return std::chrono::sys_seconds(std::chrono::seconds(*seconds));
}

std::optional<sdk::SubscriptionChange> from_checkout(const Value& session) {
  if (text(session, "mode") != "subscription") return std::nullopt;
  sdk::SubscriptionChange c;
  c.customer_reference = text(session, "client_reference_id");
  c.customer_id = text(session, "customer");
  c.subscription_id = text(session, "subscription");
  c.plan = plan_of(session);
  if (text(session, "payment_status") == "paid") c.status = SubscriptionStatus::Active;
  return c;
}

std::optional<sdk::SubscriptionChange> from_subscription(const Value& sub) {
  const auto status = status_of(text(sub, "status"));
  if (!status) return std::nullopt;
  sdk::SubscriptionChange c;
  if (const Value* metadata = member(sub, "metadata"))
    c.customer_reference = text(*metadata, "user_id");
  c.customer_id = text(sub, "customer");
  c.subscription_id = text(sub, "id");
  c.plan = plan_of(sub);
  c.status = status;
  c.period_end = period_end(sub);
  if (const Value* flag = member(sub, "cancel_at_period_end"); flag && flag->IsBool()) {
    c.cancel_at_period_end = flag->GetBool();
  }
  return c;
}

}  // namespace

sdk::WebhookEvent read_event(std::string_view body) {
  rapidjson::Document doc;
  // Iterative: a hostile nesting depth cannot exhaust the stack.
  doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) throw sdk::permanent("the body is not a JSON object");
  sdk::WebhookEvent event;
  event.id = label(doc, "id");
  event.type = label(doc, "type");
  const auto created = integer(doc, "created");
  const Value* data = member(doc, "data");
  const Value* object = data ? member(*data, "object") : nullptr;
  if (!created || !object || !object->IsObject()) return event;

  const bool checkout = event.type == "checkout.session.completed";
  const int step = checkout || event.type == "customer.subscription.created" ? 1
                   : event.type == "customer.subscription.updated"           ? 2
                   : event.type == "customer.subscription.deleted"           ? 3
                                                                             : 0;
  if (step == 0) return event;
  auto change = checkout ? from_checkout(*object) : from_subscription(*object);
  if (!change || change->subscription_id.empty()) return event;
  event.action = sdk::WebhookAction::SubscriptionChanged;
  event.occurred_at = std::chrono::sys_seconds(std::chrono::seconds(*created));
  event.sequence = step;
  event.subscription = std::move(change);
  return event;
}

namespace {

rapidjson::Document parsed_object(std::string_view body, const char* what) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject())
    throw sdk::permanent(std::string(what) + " is not a JSON object");
  return doc;
}

}  // namespace

sdk::SubscriptionChange read_subscription(std::string_view body) {
  const auto doc = parsed_object(body, "Stripe's subscription");
  auto change = text(doc, "object") == "subscription" ? from_subscription(doc) : std::nullopt;
  if (!change || change->subscription_id.empty())
    throw sdk::permanent("Stripe's answer is not a subscription");
  return *change;
}

std::string first_item_id(std::string_view body) {
  const auto doc = parsed_object(body, "Stripe's subscription");
  const Value* items = member(doc, "items");
  const Value* data = items ? member(*items, "data") : nullptr;
  std::string id = data && data->IsArray() && !data->Empty() ? text((*data)[0], "id") : "";
  if (id.empty()) throw sdk::permanent("Stripe's subscription has no item");
  return id;
}

}  // namespace roi::stripe

#include "modules/billing/stripe_events.hpp"

#include <roi/sdk/helpers/numbers.hpp>


#include "modules/billing/plans.hpp"
#include "webhooks/json_body.hpp"

namespace roi::modules::billing {
namespace {

using Value = rapidjson::Value;

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

std::optional<std::int64_t> user_id(std::string_view text) {
  const auto id = sdk::helpers::parse_int64(text);
  return id && *id > 0 ? id : std::nullopt;
}

std::optional<std::string> paid_plan(const Value& object) {
  const Value* metadata = member(object, "metadata");
  if (!metadata) return std::nullopt;
  const auto plan = parse_plan(text(*metadata, "plan"));
  if (!plan || *plan == Plan::Free) return std::nullopt;
  return std::string(plan_name(*plan));
}

bool known_status(std::string_view s) {
  for (std::string_view k : {"active", "trialing", "canceled", "past_due", "incomplete",
                             "incomplete_expired", "unpaid", "paused"}) {
    if (s == k) return true;
  }
  return false;
}

std::optional<std::int64_t> period_end(const Value& subscription) {
  if (auto old_style = integer(subscription, "current_period_end")) return old_style;
  const Value* items = member(subscription, "items");
  const Value* data = items ? member(*items, "data") : nullptr;
  if (!data || !data->IsArray() || data->Empty()) return std::nullopt;
  return integer((*data)[0], "current_period_end");
}

std::optional<SubscriptionChange> from_checkout(const Value& session) {
  if (text(session, "mode") != "subscription") return std::nullopt;
  SubscriptionChange c;
  c.user_id = user_id(text(session, "client_reference_id"));
  c.customer_id = text(session, "customer");
  c.subscription_id = text(session, "subscription");
  c.plan = paid_plan(session);
  if (text(session, "payment_status") == "paid") c.status = "active";
  c.rank = 1;
  return c;
}

std::optional<SubscriptionChange> from_subscription(const Value& sub, int rank) {
  SubscriptionChange c;
  const Value* metadata = member(sub, "metadata");
  if (metadata) c.user_id = user_id(text(*metadata, "user_id"));
  c.customer_id = text(sub, "customer");
  c.subscription_id = text(sub, "id");
  c.plan = paid_plan(sub);
  const std::string status = text(sub, "status");
  if (!known_status(status)) return std::nullopt;
  c.status = status;
  c.current_period_end = period_end(sub);
  if (const Value* flag = member(sub, "cancel_at_period_end"); flag && flag->IsBool()) {
    c.cancel_at_period_end = flag->GetBool();
  }
  c.rank = rank;
  return c;
}

}  // namespace

std::optional<SubscriptionChange> read_stripe_event(std::string_view body) {
  rapidjson::Document doc;
  if (!webhooks::parse_json_object(body, doc)) return std::nullopt;
  return read_stripe_event(doc);
}

std::optional<SubscriptionChange> read_stripe_event(const Value& doc) {
  if (!doc.IsObject()) return std::nullopt;
  const std::string type = text(doc, "type");
  const auto created = integer(doc, "created");
  const Value* data = member(doc, "data");
  const Value* object = data ? member(*data, "object") : nullptr;
  if (!created || !object || !object->IsObject()) return std::nullopt;

  std::optional<SubscriptionChange> change;
  if (type == "checkout.session.completed") change = from_checkout(*object);
  if (type == "customer.subscription.created") change = from_subscription(*object, 1);
  if (type == "customer.subscription.updated") change = from_subscription(*object, 2);
  if (type == "customer.subscription.deleted") change = from_subscription(*object, 3);
  if (!change || change->subscription_id.empty()) return std::nullopt;
  change->event_created = *created;
  return change;
}

}  // namespace roi::modules::billing

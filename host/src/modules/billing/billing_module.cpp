#include "modules/billing/billing_module.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <vector>

#include "api/error.hpp"
#include "api/schema_fragments.hpp"
#include "connector/output_checks.hpp"
#include "edge/error_mapping.hpp"

namespace roi::modules::billing {
namespace {

using api::Error;
using api::ErrorCode;

// The connector that bills our own users: the one billing.connector names, else the one loaded
// connector with the billing capability (two would make the choice a guess).
plugins::ConnectorClient billing_connector(const Services& s) {
  if (!s.billing_connector.empty()) return s.connectors.client(s.billing_connector);
  std::vector<std::string> ids;
  for (const auto& d : s.connectors.connectors()) {
    if (d.has(sdk::Capability::Billing)) ids.push_back(d.id);
  }
  if (ids.size() == 1) return s.connectors.client(ids.front());
  throw Error(ErrorCode::ServiceUnavailable, "Billing is unavailable right now",
              ids.empty() ? "no connector with the billing capability is loaded"
                          : "several billing connectors are loaded; set billing.connector");
}

constexpr const char* kUpgradeSchema = R"({
  "type": "object",
  "properties": {"plan": {"type": "string", "enum": ["starter", "pro", "agency"]}},
  "required": ["plan"],
  "additionalProperties": false
})";

// What write_current writes; null limits are unlimited.
constexpr const char* kCurrentOutput = R"({
  "type": "object",
  "required": ["plan", "status", "currentPeriodEnd", "cancelAtPeriodEnd", "limits", "usage"],
  "additionalProperties": false,
  "properties": {
    "plan": {"enum": ["free", "starter", "pro", "agency"]},
    "status": {"enum": ["active", "trialing", "canceled", "past_due", "incomplete",
                        "incomplete_expired", "unpaid", "paused"]},
    "currentPeriodEnd": )" ROI_SCHEMA_NULLABLE_TIMESTAMP R"(,
    "cancelAtPeriodEnd": {"type": "boolean"},
    "limits": {
      "type": "object",
      "required": ["integrations", "syncIntervalMinutes", "reportsPerMonth",
                   "manualSyncIntervalMinutes"],
      "additionalProperties": false,
      "properties": {
        "integrations": {"type": ["integer", "null"], "minimum": 0},
        "syncIntervalMinutes": {"type": ["integer", "null"], "minimum": 0},
        "reportsPerMonth": {"type": ["integer", "null"], "minimum": 0},
        "manualSyncIntervalMinutes": {"type": ["integer", "null"], "minimum": 0}
      }
    },
    "usage": {
      "type": "object",
      "required": ["integrations", "reportsThisMonth", "nextManualSyncAt"],
      "additionalProperties": false,
      "properties": {
        "integrations": {"type": "integer", "minimum": 0},
        "reportsThisMonth": {"type": "integer", "minimum": 0},
        "nextManualSyncAt": )" ROI_SCHEMA_NULLABLE_TIMESTAMP R"(
      }
    }
  }
})";

// A checkout page to send the browser to, or the plan already changed on the subscription.
const std::string kUpgradeOutput = std::string(R"({
  "type": "object",
  "required": ["method", "url", "sessionId", "subscription"],
  "additionalProperties": false,
  "properties": {
    "method": {"enum": ["checkout", "changed"]},
    "url": {"type": ["string", "null"]},
    "sessionId": {"type": ["string", "null"]},
    "subscription": {"anyOf": [{"type": "null"}, )") +
                                   kCurrentOutput + R"(]}
  }
})";

void write_current(api::JsonWriter& out, const std::optional<Subscription>& sub, Services& s,
                   std::int64_t user_id) {
  const Plan plan = effective_plan(sub);
  const Limits& limits = limits_of(plan);
  out.StartObject();
  api::member(out, "plan", std::string(plan_name(plan)));
  api::member(out, "status", sub ? sub->status : "active");
  api::member(out, "currentPeriodEnd",
              sub && sub->current_period_end ? std::optional(iso_time(*sub->current_period_end))
                                             : std::nullopt);
  api::member(out, "cancelAtPeriodEnd", sub && sub->cancel_at_period_end);
  out.Key("limits");
  out.StartObject();
  api::member(out, "integrations", limits.integrations);
  std::optional<int> sync_minutes;
  if (limits.sync_interval) sync_minutes = static_cast<int>(limits.sync_interval->count());
  api::member(out, "syncIntervalMinutes", sync_minutes);
  api::member(out, "reportsPerMonth", limits.reports_per_month);
  api::member(out, "manualSyncIntervalMinutes",
              static_cast<int>(limits.manual_sync_interval.count()));
  out.EndObject();
  out.Key("usage");
  out.StartObject();
  api::member(out, "integrations", s.usage.active_integrations(user_id));
  api::member(out, "reportsThisMonth", s.usage.reports_this_month(user_id));
  // When integrations.sync is allowed again; null: now.
  const auto next = s.usage.next_manual_sync(user_id, limits.manual_sync_interval);
  api::member(out, "nextManualSyncAt", next ? std::optional(iso_time(*next)) : std::nullopt);
  out.EndObject();
  out.EndObject();
}

// A paying user (cancelling at period end or not) moves to `plan` at once: the provider changes
// the running subscription's price with proration and withdraws a pending cancellation. The
// answer is the subscription as the provider now has it, which the webhook that follows repeats.
void change_plan(Services& s, std::int64_t user_id, Subscription sub, Plan current,
                 const std::string& plan, api::JsonWriter& out) {
  if (plan_name(current) == plan && !sub.cancel_at_period_end) {
    throw Error(ErrorCode::Conflict, "You are on the " + plan + " plan already")
        .with_data("plan", plan);
  }
  if (sub.billing_subscription_id.empty()) {
    // A plan set by an operator, not bought: there is no subscription to change.
    throw Error(ErrorCode::PreconditionFailed,
                "Your plan was not bought through billing, so it cannot be changed here");
  }
  const sdk::SubscriptionChange answer = billing_connector(s).change_plan(
      {sub.billing_subscription_id, std::to_string(user_id), plan});
  SubscriptionChange now;
  // The provider's word on the plan, when it gives one that we sell; else the plan asked for.
  const auto said = answer.plan ? parse_plan(*answer.plan) : std::nullopt;
  now.plan = said && *said != Plan::Free ? std::string(plan_name(*said)) : plan;
  if (answer.status) now.status = plugins::subscription_status_name(*answer.status);
  if (answer.period_end) now.current_period_end = answer.period_end->time_since_epoch().count();
  now.cancel_at_period_end = answer.cancel_at_period_end.value_or(false);
  s.subscriptions.record_plan_change(user_id, now);
  sub.plan = *now.plan;
  if (now.status) sub.status = *now.status;
  if (now.current_period_end) sub.current_period_end = now.current_period_end;
  sub.cancel_at_period_end = *now.cancel_at_period_end;
  out.StartObject();
  api::member(out, "method", "changed");
  out.Key("url");
  out.Null();
  out.Key("sessionId");
  out.Null();
  out.Key("subscription");
  write_current(out, sub, s, user_id);
  out.EndObject();
}

}  // namespace

void register_procedures(api::ProcedureRegistry& registry, Services services) {
  auto s = std::make_shared<Services>(std::move(services));

  registry.add(
      api::Procedure{"subscription.current", api::ProcedureType::Query, nullptr,
                     [s](api::CallContext& ctx, const rapidjson::Value&, api::JsonWriter& out) {
                       const std::int64_t user_id = ctx.current_user().id;
                       write_current(out, s->subscriptions.find(user_id), *s, user_id);
                     },
                     api::Access::User, kCurrentOutput});

  registry.add(api::Procedure{
      "subscription.upgrade", api::ProcedureType::Mutation,
      std::make_shared<const api::InputSchema>(kUpgradeSchema),
      [s](api::CallContext& ctx, const rapidjson::Value& input, api::JsonWriter& out) {
        const std::int64_t user_id = ctx.current_user().id;
        const std::string plan = input["plan"].GetString();
        auto sub = s->subscriptions.find(user_id);
        const Plan current = effective_plan(sub);
        if (current != Plan::Free) {
          change_plan(*s, user_id, *sub, current, plan, out);
          return;
        }
        const auto user = s->users.find(user_id);
        if (!user) throw Error(ErrorCode::Unauthorized, "Your account no longer exists");
        const sdk::CheckoutSession session = billing_connector(*s).create_checkout(
            {std::to_string(user_id), user->email, plan,
             s->frontend_url + "/?checkout=success&session_id={CHECKOUT_SESSION_ID}",
             s->frontend_url + "/?checkout=cancel"});
        out.StartObject();
        api::member(out, "method", "checkout");
        api::member(out, "url", session.url);
        api::member(out, "sessionId", session.id);
        out.Key("subscription");
        out.Null();
        out.EndObject();
      },
      api::Access::User, kUpgradeOutput,
      edge::call_error_codes(
          {ErrorCode::Conflict, ErrorCode::PreconditionFailed, ErrorCode::ServiceUnavailable})});

  registry.add(api::Procedure{
      "subscription.cancel", api::ProcedureType::Mutation, nullptr,
      [s](api::CallContext& ctx, const rapidjson::Value&, api::JsonWriter& out) {
        const std::int64_t user_id = ctx.current_user().id;
        auto sub = s->subscriptions.find(user_id);
        if (effective_plan(sub) == Plan::Free || sub->billing_subscription_id.empty()) {
          throw Error(ErrorCode::PreconditionFailed, "You have no paid subscription to cancel");
        }
        if (!sub->cancel_at_period_end) {
          billing_connector(*s).cancel_subscription(sub->billing_subscription_id);
          s->subscriptions.mark_cancel_at_period_end(user_id);
          sub->cancel_at_period_end = true;  // all the update changed: no need to read it back
        }
        write_current(out, sub, *s, user_id);
      },
      api::Access::User, kCurrentOutput,
      edge::call_error_codes({ErrorCode::PreconditionFailed, ErrorCode::ServiceUnavailable})});
}

}  // namespace roi::modules::billing

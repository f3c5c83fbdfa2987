#include "modules/billing/billing_module.hpp"

#include <algorithm>
#include <ctime>
#include <memory>
#include <vector>

#include "api/error.hpp"
#include "api/schema_fragments.hpp"
#include "plugins/call_error.hpp"

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
    if (std::find(d.capabilities.begin(), d.capabilities.end(), sdk::Capability::Billing) !=
        d.capabilities.end()) {
      ids.push_back(d.id);
    }
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
      "required": ["integrations", "syncIntervalMinutes", "reportsPerMonth"],
      "additionalProperties": false,
      "properties": {
        "integrations": {"type": ["integer", "null"], "minimum": 0},
        "syncIntervalMinutes": {"type": ["integer", "null"], "minimum": 0},
        "reportsPerMonth": {"type": ["integer", "null"], "minimum": 0}
      }
    },
    "usage": {
      "type": "object",
      "required": ["integrations", "reportsThisMonth"],
      "additionalProperties": false,
      "properties": {
        "integrations": {"type": "integer", "minimum": 0},
        "reportsThisMonth": {"type": "integer", "minimum": 0}
      }
    }
  }
})";

// The checkout page to send the browser to.
constexpr const char* kUpgradeOutput = R"({
  "type": "object",
  "required": ["url", "sessionId"],
  "additionalProperties": false,
  "properties": {"url": {"type": "string"}, "sessionId": {"type": "string"}}
})";

std::string iso_time(std::int64_t unix_seconds) {
  const std::time_t t = unix_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void optional_int(api::JsonWriter& out, const char* key, std::optional<int> value) {
  out.Key(key);
  if (value) {
    out.Int(*value);
  } else {
    out.Null();
  }
}

void write_current(api::JsonWriter& out, const std::optional<Subscription>& sub, Services& s,
                   std::int64_t user_id) {
  const Plan plan = effective_plan(sub);
  const Limits& limits = limits_of(plan);
  out.StartObject();
  out.Key("plan");
  out.String(std::string(plan_name(plan)));
  out.Key("status");
  out.String(sub ? sub->status : "active");
  out.Key("currentPeriodEnd");
  if (sub && sub->current_period_end) {
    out.String(iso_time(*sub->current_period_end));
  } else {
    out.Null();
  }
  out.Key("cancelAtPeriodEnd");
  out.Bool(sub && sub->cancel_at_period_end);
  out.Key("limits");
  out.StartObject();
  optional_int(out, "integrations", limits.integrations);
  std::optional<int> sync_minutes;
  if (limits.sync_interval) sync_minutes = static_cast<int>(limits.sync_interval->count());
  optional_int(out, "syncIntervalMinutes", sync_minutes);
  optional_int(out, "reportsPerMonth", limits.reports_per_month);
  out.EndObject();
  out.Key("usage");
  out.StartObject();
  out.Key("integrations");
  out.Int(s.usage.active_integrations(user_id));
  out.Key("reportsThisMonth");
  out.Int(s.usage.reports_this_month(user_id));
  out.EndObject();
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
        if (effective_plan(s->subscriptions.find(user_id)) != Plan::Free) {
          // Changing a running subscription's price is not offered: one subscription per user.
          throw Error(
              ErrorCode::Conflict,
              "You already have a paid subscription; cancel it before choosing another plan");
        }
        const auto user = s->users.find(user_id);
        if (!user) throw Error(ErrorCode::Unauthorized, "Your account no longer exists");
        const sdk::CheckoutSession session = billing_connector(*s).create_checkout(
            {std::to_string(user_id), user->email, plan,
             s->frontend_url + "/billing/success?session_id={CHECKOUT_SESSION_ID}",
             s->frontend_url + "/billing/cancel"});
        out.StartObject();
        out.Key("url");
        out.String(session.url);
        out.Key("sessionId");
        out.String(session.id);
        out.EndObject();
      },
      api::Access::User, kUpgradeOutput,
      plugins::call_error_codes({ErrorCode::Conflict, ErrorCode::ServiceUnavailable})});

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
      plugins::call_error_codes({ErrorCode::PreconditionFailed, ErrorCode::ServiceUnavailable})});
}

}  // namespace roi::modules::billing

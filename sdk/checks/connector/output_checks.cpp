#include "connector/output_checks.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <roi/sdk/helpers/money.hpp>
#include <set>
#include <string_view>

#include "text/utf8.hpp"

namespace roi::plugins {
namespace {

// UTF-8, no control characters, within `max` bytes; `required` also refuses empty.
Problem text(const std::string& value, const char* field, std::size_t max, bool required = true) {
  if (required && value.empty()) return std::string(field) + " is empty";
  if (value.size() > max)
    return std::string(field) + " is longer than " + std::to_string(max) + " bytes";
  if (!text::is_valid_utf8(value)) return std::string(field) + " is not valid UTF-8";
  const bool control = std::any_of(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (control) return std::string(field) + " holds control characters";
  return std::nullopt;
}

Problem url(const std::string& value, const char* field) {
  if (auto p = text(value, field, 8192)) return p;
  if (value.rfind("https://", 0) != 0 && value.rfind("http://", 0) != 0) {
    return std::string(field) + " is not an http(s) URL";
  }
  return std::nullopt;
}

Problem currency(const std::string& code, const char* field) {
  return sdk::helpers::is_currency_code(code) ? Problem{}
                                              : std::string(field) + " is not an ISO 4217 code";
}

// The shape ConnectSpec promises: an object schema whose properties are all strings, and a form
// only where a method reads one.
Problem form_schema(const sdk::ConnectSpec& connect) {
  if (connect.form_schema.empty()) {
    if (connect.method == sdk::ConnectMethod::Form) return "a form connect declares no form schema";
    return std::nullopt;
  }
  if (connect.method == sdk::ConnectMethod::None) return "connect method none has a form schema";
  rapidjson::Document doc;
  doc.Parse(connect.form_schema.data(), connect.form_schema.size());
  if (doc.HasParseError() || !doc.IsObject()) return "connect form schema is not a JSON object";
  const auto type = doc.FindMember("type");
  if (type == doc.MemberEnd() || !type->value.IsString() ||
      std::string_view(type->value.GetString()) != "object") {
    return "connect form schema is not of type object";
  }
  const auto properties = doc.FindMember("properties");
  if (properties == doc.MemberEnd()) return std::nullopt;
  if (!properties->value.IsObject() || properties->value.MemberCount() > 20) {
    return "connect form schema properties must be an object of at most 20";
  }
  for (const auto& p : properties->value.GetObject()) {
    const auto t = p.value.IsObject() ? p.value.FindMember("type") : p.value.MemberEnd();
    if (!p.value.IsObject() || t == p.value.MemberEnd() || !t->value.IsString() ||
        std::string_view(t->value.GetString()) != "string" ||
        !is_setting_key(std::string_view(p.name.GetString(), p.name.GetStringLength()))) {
      return "connect form properties must be strings named with a-z, 0-9 and '_'";
    }
  }
  return std::nullopt;
}

Problem non_negative(std::int64_t value, const char* field) {
  return value >= 0 ? Problem{} : std::string(field) + " is negative";
}

// Times after 1970 and before the year 10000, as Postgres timestamps take them.
Problem time_in_range(const std::optional<std::chrono::sys_seconds>& time, const char* field) {
  if (!time) return std::nullopt;
  const auto seconds = time->time_since_epoch().count();
  if (seconds > 0 && seconds <= 253402300799) return std::nullopt;
  return std::string(field) + " is outside 1970-9999";
}

}  // namespace

FormFields form_fields(std::string_view form_schema) {
  FormFields out;
  rapidjson::Document doc;
  doc.Parse(form_schema.data(), form_schema.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  const auto properties = doc.FindMember("properties");
  if (properties == doc.MemberEnd() || !properties->value.IsObject()) return out;
  const auto flag = [](const rapidjson::Value& property, const char* name) {
    const auto it = property.FindMember(name);
    return it != property.MemberEnd() && it->value.IsBool() && it->value.GetBool();
  };
  for (const auto& p : properties->value.GetObject()) {
    if (!p.value.IsObject()) continue;
    const std::string name(p.name.GetString(), p.name.GetStringLength());
    if (flag(p.value, "x-roi-account") && out.account_field.empty()) out.account_field = name;
    if (flag(p.value, "writeOnly")) out.secrets.push_back(name);
  }
  return out;
}

std::string capability_name(sdk::Capability c) {
  switch (c) {
    case sdk::Capability::Ads:
      return "ads";
    case sdk::Capability::Orders:
      return "orders";
    case sdk::Capability::Billing:
      return "billing";
    case sdk::Capability::Webhooks:
      return "webhooks";
  }
  return "unknown";
}

std::string connect_method_name(sdk::ConnectMethod m) {
  switch (m) {
    case sdk::ConnectMethod::None:
      return "none";
    case sdk::ConnectMethod::OAuth2:
      return "oauth2";
    case sdk::ConnectMethod::Form:
      return "form";
  }
  return "unknown";
}

bool is_setting_key(std::string_view key) {
  return !key.empty() && key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_environment_name(std::string_view name) {
  return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_connector_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && id.front() != '-' &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

Problem check(const sdk::Description& d) {
  if (!is_connector_id(d.id)) return "id must be 1-64 characters of a-z, 0-9 and '-'";
  if (auto p = text(d.name, "name", 100)) return p;
  const bool version_ok =
      !d.version.empty() && d.version.size() <= 64 &&
      std::all_of(d.version.begin(), d.version.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+';
      });
  if (!version_ok) return "version must be 1-64 characters of letters, digits, '.', '-', '+'";
  std::set<sdk::Capability> seen;
  for (auto c : d.capabilities) {
    if (capability_name(c) == "unknown") return "unknown capability";
    if (!seen.insert(c).second) return "capability listed twice";
  }
  if (connect_method_name(d.connect.method) == "unknown") return "unknown connect method";
  if (auto p = text(d.connect.form_schema, "connect form schema", 65536, false)) return p;
  if (auto p = form_schema(d.connect)) return p;
  if (d.settings.size() > 100) return "more than 100 settings";
  std::set<std::string_view> keys;
  for (const auto& s : d.settings) {
    if (!is_setting_key(s.key)) return "setting key must be 1-64 characters of a-z, 0-9 and '_'";
    if (!keys.insert(s.key).second) return "setting '" + s.key + "' declared twice";
    if (auto p = text(s.description, "setting description", 500, false)) return p;
    if (s.default_value) {
      if (auto p = text(*s.default_value, "setting default", 4096, false)) return p;
    }
    if (s.aliases.size() > 8) return "setting '" + s.key + "' has more than 8 aliases";
    for (const auto& alias : s.aliases) {
      if (!is_environment_name(alias)) {
        return "setting alias must be 1-128 characters of A-Z, 0-9 and '_'";
      }
    }
  }
  return std::nullopt;
}

Problem check(const sdk::OAuthStart& start) { return url(start.authorize_url, "authorize_url"); }

Problem check(const sdk::Credentials& c) {
  if (auto p = text(c.access_token, "access_token", 16384)) return p;
  if (auto p = text(c.refresh_token, "refresh_token", 16384, false)) return p;
  return text(c.scope, "scope", 4096, false);
}

Problem check(const std::vector<sdk::Account>& accounts) {
  if (accounts.size() > 10000) return "more than 10000 accounts";
  for (const auto& a : accounts) {
    if (auto p = text(a.id, "account id", 256)) return p;
    if (auto p = text(a.name, "account name", 512)) return p;
    if (auto p = currency(a.currency, "account currency")) return p;
    if (auto p = text(a.time_zone, "account time zone", 64)) return p;
  }
  return std::nullopt;
}

std::string webhook_action_name(sdk::WebhookAction a) {
  switch (a) {
    case sdk::WebhookAction::None:
      return "none";
    case sdk::WebhookAction::OrderUpserted:
      return "order_upserted";
    case sdk::WebhookAction::OrderDeleted:
      return "order_deleted";
    case sdk::WebhookAction::CustomerRedacted:
      return "customer_redacted";
    case sdk::WebhookAction::AccountRedacted:
      return "account_redacted";
    case sdk::WebhookAction::AccountDisconnected:
      return "account_disconnected";
    case sdk::WebhookAction::DataRequested:
      return "data_requested";
    case sdk::WebhookAction::SubscriptionChanged:
      return "subscription_changed";
  }
  return "unknown";
}

std::string subscription_status_name(sdk::SubscriptionStatus s) {
  switch (s) {
    case sdk::SubscriptionStatus::Active:
      return "active";
    case sdk::SubscriptionStatus::Trialing:
      return "trialing";
    case sdk::SubscriptionStatus::PastDue:
      return "past_due";
    case sdk::SubscriptionStatus::Canceled:
      return "canceled";
    case sdk::SubscriptionStatus::Incomplete:
      return "incomplete";
    case sdk::SubscriptionStatus::IncompleteExpired:
      return "incomplete_expired";
    case sdk::SubscriptionStatus::Unpaid:
      return "unpaid";
    case sdk::SubscriptionStatus::Paused:
      return "paused";
  }
  return "unknown";
}

Problem check(const sdk::SubscriptionChange& c) {
  if (auto p = text(c.subscription_id, "subscription id", 256)) return p;
  if (auto p = text(c.customer_id, "subscription customer id", 256, false)) return p;
  if (auto p = text(c.customer_reference, "subscription customer reference", 256, false)) return p;
  if (c.plan) {
    if (auto p = text(*c.plan, "subscription plan", 64)) return p;
  }
  if (c.status && subscription_status_name(*c.status) == "unknown")
    return "unknown subscription status";
  return time_in_range(c.period_end, "subscription period end");
}

namespace {

// The fields an action needs are present, and an order belongs to the account the event names.
Problem check_action(const sdk::WebhookEvent& e) {
  using A = sdk::WebhookAction;
  const bool account_action = e.action == A::OrderUpserted || e.action == A::OrderDeleted ||
                              e.action == A::CustomerRedacted || e.action == A::AccountRedacted ||
                              e.action == A::AccountDisconnected;
  if (account_action && e.account_id.empty()) return "event names no account for its action";
  if (e.action == A::OrderUpserted) {
    if (!e.order) return "order event carries no order";
    if (auto p = plugins::check(*e.order)) return p;
    if (e.order->account_id != e.account_id)
      return "order belongs to another account than its event";
  }
  if (e.action == A::SubscriptionChanged && !e.subscription) {
    return "subscription event carries no subscription";
  }
  // Subscription events are ordered by (occurred_at, sequence): without a time every later event
  // would look older than it.
  if (e.action == A::SubscriptionChanged && !e.occurred_at) {
    return "subscription event carries no time";
  }
  return std::nullopt;
}

}  // namespace

Problem check(const std::vector<sdk::WebhookEvent>& events) {
  if (events.size() > 1000) return "more than 1000 events in one webhook";
  for (const auto& e : events) {
    if (auto p = text(e.id, "event id", 256)) return p;
    if (auto p = text(e.type, "event type", 256)) return p;
    if (auto p = text(e.account_id, "event account id", 256, false)) return p;
    if (webhook_action_name(e.action) == "unknown") return "unknown webhook action";
    // Stored as a smallint.
    if (e.sequence < 0 || e.sequence > 32767) return "event sequence is outside 0-32767";
    if (auto p = time_in_range(e.occurred_at, "event time")) return p;
    if (e.order_ids.size() > 10000) return "more than 10000 order ids in one event";
    for (const auto& id : e.order_ids) {
      if (auto p = text(id, "event order id", 256)) return p;
    }
    if (e.subscription) {
      if (auto p = check(*e.subscription)) return p;
    }
    if (auto p = check_action(e)) return p;
  }
  return std::nullopt;
}

// Echoed to whoever sent the GET: short, printable text only.
Problem check(const std::optional<std::string>& handshake_answer) {
  return handshake_answer ? text(*handshake_answer, "handshake answer", 1024) : std::nullopt;
}

Problem check(const sdk::CheckoutSession& s) {
  if (auto p = text(s.id, "session id", 256)) return p;
  return url(s.url, "checkout url");
}

Problem check(const sdk::Campaign& c) {
  if (auto p = text(c.account_id, "campaign account id", 256)) return p;
  if (auto p = text(c.id, "campaign id", 256)) return p;
  return text(c.name, "campaign name", sdk::kMaxCampaignNameBytes);
}

Problem check(const sdk::DailyMetric& m) {
  if (auto p = text(m.account_id, "metric account id", 256)) return p;
  if (auto p = text(m.campaign_id, "metric campaign id", 256)) return p;
  if (!m.date.ok()) return "metric date is not a calendar date";
  if (auto p = non_negative(m.impressions, "impressions")) return p;
  if (auto p = non_negative(m.clicks, "clicks")) return p;
  if (auto p = non_negative(m.conversions_micros, "conversions")) return p;
  if (auto p = currency(m.spend.currency, "spend currency")) return p;
  if (auto p = non_negative(m.spend.micros, "spend")) return p;
  if (auto p = non_negative(m.conversion_value.micros, "conversion value")) return p;
  return currency(m.conversion_value.currency, "conversion value currency");
}

Problem check(const sdk::Order& o) {
  if (auto p = text(o.account_id, "order account id", 256)) return p;
  if (auto p = text(o.id, "order id", 256)) return p;
  if (auto p = currency(o.total.currency, "order currency")) return p;
  if (auto p = non_negative(o.total.micros, "order total")) return p;
  for (const auto& [utm, field] :
       {std::pair{&o.utm_source, "utm_source"}, std::pair{&o.utm_medium, "utm_medium"},
        std::pair{&o.utm_campaign, "utm_campaign"}}) {
    if (*utm) {
      if (auto p = text(**utm, field, 512, false)) return p;
    }
  }
  // What the orders table holds of the visit (sql/0019_attribution.sql).
  if (o.click_id) {
    if (auto p = text(*o.click_id, "click_id", 64, false)) return p;
  }
  if (o.referrer) {
    if (auto p = text(*o.referrer, "referrer", 253, false)) return p;
  }
  return std::nullopt;
}

}  // namespace roi::plugins

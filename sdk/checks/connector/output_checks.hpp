// Checks on everything a connector returns: its answers are hostile input like any request.
// Each check names the first problem found, or returns nullopt when the value is acceptable.
#pragma once

#include <optional>
#include <roi/sdk/connector.hpp>
#include <string>
#include <vector>

namespace roi::plugins {

using Problem = std::optional<std::string>;

Problem check(const sdk::Description& d);
Problem check(const sdk::OAuthStart& start);
Problem check(const sdk::Credentials& credentials);
Problem check(const std::vector<sdk::Account>& accounts);
Problem check(const std::vector<sdk::WebhookEvent>& events);
Problem check(const std::optional<std::string>& handshake_answer);
Problem check(const sdk::CheckoutSession& session);
Problem check(const sdk::SubscriptionChange& change);
Problem check(const sdk::Campaign& campaign);
Problem check(const sdk::DailyMetric& metric);
Problem check(const sdk::Order& order);

std::string capability_name(sdk::Capability c);         // "ads", "orders", "billing", "webhooks"
std::string connect_method_name(sdk::ConnectMethod m);  // "none", "oauth2", "form"
std::string webhook_action_name(sdk::WebhookAction a);  // "none", "order_upserted", ...
std::string subscription_status_name(sdk::SubscriptionStatus s);  // "active", "past_due", ...

// What a connect form schema that passed check(Description) says about its fields, as the host
// and the acceptance kit both read it: the secrets ("writeOnly": true), never echoed or stored in
// the clear, and the one naming the account a login must come back with ("x-roi-account": true;
// empty when any account will do). A schema without properties has neither.
struct FormFields {
  std::vector<std::string> secrets;
  std::string account_field;
};
FormFields form_fields(std::string_view form_schema);

// 1-64 characters of a-z, 0-9 and '_'.
bool is_setting_key(std::string_view key);
// 1-128 characters of A-Z, 0-9 and '_'.
bool is_environment_name(std::string_view name);

// 1-64 characters of a-z, 0-9 and '-', not starting with '-'.
bool is_connector_id(std::string_view id);

}  // namespace roi::plugins

// subscription.*: the caller's plan and its limits, upgrading through a checkout session created
// by the connector with the Billing capability, and cancelling at the end of the paid period.
#pragma once

#include <string>

#include "api/procedure.hpp"
#include "auth/user_store.hpp"
#include "modules/billing/plan_limits.hpp"
#include "plugins/plugin_host.hpp"

namespace roi::modules::billing {

struct Services {
  SubscriptionStore& subscriptions;
  UsageStore& usage;
  roi::auth::UserStore& users;
  const plugins::PluginHost& connectors;
  std::string frontend_url;       // Checkout sends the browser back here
  std::string billing_connector;  // its id; empty: the one loaded with the billing capability
};

// The services must outlive the registry.
void register_procedures(api::ProcedureRegistry& registry, Services services);

}  // namespace roi::modules::billing

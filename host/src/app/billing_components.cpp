#include "app/billing_components.hpp"

#include "modules/billing/billing_module.hpp"

namespace roi::app {

BillingComponents::BillingComponents(const Settings& settings, store::Pool& pool,
                                     store::ChangeFeed& changes,
                                     const plugins::PluginHost& connectors,
                                     observability::Logger& log)
    : frontend_url_(settings.web.frontend_url),
      billing_connector_(settings.billing.connector),
      subscriptions_(pool),
      usage_(pool),
      journal_(pool),
      journal_port_(journal_),
      limits_(subscriptions_, usage_),
      subscription_events_(subscriptions_, billing_connector_),
      account_events_(pool, changes, settings.sync.max_attempts),
      account_events_port_(account_events_),
      endpoint_(connectors, journal_port_, {&subscription_events_, &account_events_port_}, log) {}

void BillingComponents::register_procedures(api::ProcedureRegistry& registry,
                                            auth::UserStore& users,
                                            const plugins::PluginHost& connectors) {
  modules::billing::register_procedures(
      registry, {subscriptions_, usage_, users, connectors, frontend_url_, billing_connector_});
}

}  // namespace roi::app

#include "app/billing_components.hpp"

#include "modules/billing/billing_module.hpp"
#include "webhooks/meta_provider.hpp"
#include "webhooks/shopify_provider.hpp"
#include "webhooks/stripe_provider.hpp"

namespace roi::app {

BillingComponents::BillingComponents(const config::Settings& settings, store::Pool& pool,
                                     store::ChangeFeed& changes, observability::Logger& log)
    : frontend_url_(settings.web.frontend_url),
      billing_connector_(settings.billing.connector),
      subscriptions_(pool),
      usage_(pool),
      journal_(pool),
      limits_(subscriptions_, usage_),
      stripe_handler_(subscriptions_),
      shopify_handler_(pool, changes),
      endpoint_(journal_, log) {
  const auto& w = settings.webhooks;
  endpoint_.add("stripe",
                std::make_unique<webhooks::StripeProvider>(w.stripe_secret, w.stripe_tolerance_s),
                &stripe_handler_);
  // Meta's notifications are verified and recorded; nothing acts on them yet.
  endpoint_.add("meta",
                std::make_unique<webhooks::MetaProvider>(w.meta_app_secret, w.meta_verify_token),
                nullptr);
  endpoint_.add("shopify", std::make_unique<webhooks::ShopifyProvider>(w.shopify_api_secret),
                &shopify_handler_);
  if (w.stripe_secret.empty()) log.warn("webhooks_unconfigured").str("provider", "stripe");
}

void BillingComponents::register_procedures(api::ProcedureRegistry& registry,
                                            auth::UserStore& users,
                                            const plugins::PluginHost& connectors) {
  modules::billing::register_procedures(
      registry, {subscriptions_, usage_, users, connectors, frontend_url_, billing_connector_});
}

}  // namespace roi::app

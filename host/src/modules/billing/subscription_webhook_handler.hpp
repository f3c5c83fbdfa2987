// Acts on subscription changes read from the webhooks of a connector with the Billing
// capability: applied once and never backwards (see SubscriptionStore::apply). Other events are
// not billing's business.
#pragma once

#include <optional>
#include <string>

#include "modules/billing/subscription_store.hpp"
#include "webhooks/handler.hpp"

namespace roi::modules::billing {

class SubscriptionWebhookHandler final : public webhooks::Handler {
 public:
  // `billing_connector` is billing.connector: when set, only that connector's events change
  // subscriptions, as only it takes payments; unset, any connector with the Billing capability.
  SubscriptionWebhookHandler(SubscriptionStore& subscriptions, std::string billing_connector)
      : subscriptions_(subscriptions), billing_connector_(std::move(billing_connector)) {}

  bool handle(const sdk::Description& connector, const sdk::WebhookEvent& event) override;

 private:
  SubscriptionStore& subscriptions_;
  std::string billing_connector_;
};

// The change as billing stores it: the user from the customer reference (our user id), a paid
// plan only (anything else leaves the plan as it is), the status by its name. nullopt when the
// event changes no subscription.
std::optional<SubscriptionChange> subscription_change(const sdk::WebhookEvent& event);

}  // namespace roi::modules::billing

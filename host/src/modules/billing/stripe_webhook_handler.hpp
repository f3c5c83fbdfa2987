// Acts on Stripe's webhook events: subscription state from checkout and subscription events,
// applied once and never backwards (see SubscriptionStore::apply); other types are ignored.
#pragma once

#include "modules/billing/subscription_store.hpp"
#include "webhooks/provider.hpp"

namespace roi::modules::billing {

class StripeWebhookHandler final : public webhooks::Handler {
 public:
  explicit StripeWebhookHandler(SubscriptionStore& subscriptions) : subscriptions_(subscriptions) {}

  bool handle(std::string_view provider, const webhooks::Event& event) override;

 private:
  SubscriptionStore& subscriptions_;
};

}  // namespace roi::modules::billing

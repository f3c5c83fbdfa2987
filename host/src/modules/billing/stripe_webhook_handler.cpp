#include "modules/billing/stripe_webhook_handler.hpp"

#include "modules/billing/stripe_events.hpp"

namespace roi::modules::billing {

bool StripeWebhookHandler::handle(std::string_view provider, const webhooks::Event& event) {
  const auto change = event.json ? read_stripe_event(*event.json) : read_stripe_event(event.body);
  if (!change) return false;
  // Stale and already-processed events were marked processed by the store; an unlinked one is
  // left to the endpoint to record as ignored.
  return subscriptions_.apply(*change, provider, event.id) != ApplyOutcome::Unlinked;
}

}  // namespace roi::modules::billing

#include "modules/billing/subscription_webhook_handler.hpp"

#include <algorithm>
#include <roi/sdk/helpers/numbers.hpp>

#include "connector/output_checks.hpp"
#include "modules/billing/plans.hpp"

namespace roi::modules::billing {
namespace {}  // namespace

std::optional<SubscriptionChange> subscription_change(const sdk::WebhookEvent& event) {
  if (event.action != sdk::WebhookAction::SubscriptionChanged || !event.subscription) {
    return std::nullopt;
  }
  const sdk::SubscriptionChange& s = *event.subscription;
  SubscriptionChange c;
  if (const auto id = sdk::helpers::parse_int64(s.customer_reference); id && *id > 0)
    c.user_id = id;
  c.customer_id = s.customer_id;
  c.subscription_id = s.subscription_id;
  if (const auto plan = s.plan ? parse_plan(*s.plan) : std::nullopt; plan && *plan != Plan::Free) {
    c.plan = std::string(plan_name(*plan));
  }
  if (s.status) c.status = plugins::subscription_status_name(*s.status);
  if (s.period_end) c.current_period_end = s.period_end->time_since_epoch().count();
  c.cancel_at_period_end = s.cancel_at_period_end;
  c.event_created = event.occurred_at ? event.occurred_at->time_since_epoch().count() : 0;
  c.rank = event.sequence;
  return c;
}

bool SubscriptionWebhookHandler::handle(const sdk::Description& connector,
                                        const sdk::WebhookEvent& event) {
  if (!connector.has(sdk::Capability::Billing)) return false;
  if (!billing_connector_.empty() && connector.id != billing_connector_) return false;
  const auto change = subscription_change(event);
  if (!change) return false;
  // Stale and already-processed events were marked processed by the store; an unlinked one is
  // left to the endpoint to record as ignored.
  return subscriptions_.apply(*change, connector.id, event.id) != ApplyOutcome::Unlinked;
}

}  // namespace roi::modules::billing

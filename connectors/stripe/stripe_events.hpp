// What a verified Stripe event says: its id and type, and for checkout.session.completed and
// customer.subscription.created / updated / deleted the subscription change. Other types are
// recorded by the host and nothing more.
#pragma once

#include <roi/sdk/connector.hpp>
#include <string_view>

namespace roi::stripe {

// Our Checkout Sessions carry the user id (client_reference_id and the subscription's
// metadata.user_id) and the plan (metadata.plan), so every event links to a user on its own,
// whichever arrives first. The period end is read from the items (API 2025-03-31.basil and
// later) or from the subscription itself (older versions). Events are ordered by `created` and,
// within a second, by lifecycle step (created/checkout 1, updated 2, deleted 3). Throws
// Permanent when the body is not an event (a JSON object with an id and a type).
sdk::WebhookEvent read_event(std::string_view body);

// A Subscription object (an API answer) as the change it describes, read as its events are.
// Throws Permanent when it is not one.
sdk::SubscriptionChange read_subscription(std::string_view body);

// The id of the subscription's first item ("si_..."), whose price a plan change replaces; throws
// Permanent when there is none.
std::string first_item_id(std::string_view body);

}  // namespace roi::stripe

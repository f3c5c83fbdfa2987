// Reads what a verified Stripe event says about a subscription: checkout.session.completed and
// customer.subscription.created / updated / deleted. Anything else says nothing (ignored).
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string_view>

#include "modules/billing/subscription_store.hpp"

namespace roi::modules::billing {

// Our Checkout Sessions carry the user id (client_reference_id and the subscription's
// metadata.user_id) and the plan (metadata.plan), so every event links to a user on its own,
// whichever arrives first. The period end is read from the items (API 2025-03-31.basil and
// later) or from the subscription itself (older versions).
std::optional<SubscriptionChange> read_stripe_event(std::string_view body);
// The same, from a body already parsed.
std::optional<SubscriptionChange> read_stripe_event(const rapidjson::Value& doc);

}  // namespace roi::modules::billing

// /api/webhooks/stripe: `Stripe-Signature` checked with STRIPE_WEBHOOK_SECRET within the
// tolerance, then the event's id, type and raw body handed on.
#pragma once

#include <string>

#include "webhooks/provider.hpp"

namespace roi::webhooks {

class StripeProvider final : public Provider {
 public:
  StripeProvider(std::string secret, int tolerance_s)
      : secret_(std::move(secret)), tolerance_s_(tolerance_s) {}

  Verdict verify(const http::Request& request,
                 std::chrono::system_clock::time_point now) const override;
  std::optional<Event> parse(const http::Request& request) const override;

 private:
  std::string secret_;
  int tolerance_s_;
};

}  // namespace roi::webhooks

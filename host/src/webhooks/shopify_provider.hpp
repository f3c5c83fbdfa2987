// /api/webhooks/shopify: `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the raw body under the
// app's API secret; the delivery id `X-Shopify-Webhook-Id` is the event id, the topic its type.
#pragma once

#include <string>

#include "webhooks/provider.hpp"

namespace roi::webhooks {

class ShopifyProvider final : public Provider {
 public:
  explicit ShopifyProvider(std::string api_secret) : api_secret_(std::move(api_secret)) {}

  Verdict verify(const http::Request& request,
                 std::chrono::system_clock::time_point now) const override;
  // Needs the webhook id, the topic and a JSON object body (every topic sends one).
  std::optional<Event> parse(const http::Request& request) const override;

 private:
  std::string api_secret_;
};

}  // namespace roi::webhooks

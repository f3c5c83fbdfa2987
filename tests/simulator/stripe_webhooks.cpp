#include "stripe_webhooks.hpp"

#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>

#include "outbound.hpp"

namespace roi::sim::stripe {

std::string signature_header(const std::string& secret, const std::string& payload,
                             std::int64_t t) {
  const std::string signed_payload = std::to_string(t) + "." + payload;
  return "t=" + std::to_string(t) +
         ",v1=" + sdk::helpers::to_hex(sdk::helpers::hmac_sha256(secret, signed_payload));
}

Delivery deliver(const std::string& url, const std::string& secret, const Event& event,
                 std::int64_t now) {
  const auto sent = post_json(url,
                              {{"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"},
                               {"Content-Type", "application/json; charset=utf-8"},
                               {"Stripe-Signature", signature_header(secret, event.payload, now)}},
                              event.payload);
  return Delivery{event.id, event.type, sent.status, sent.error};
}

}  // namespace roi::sim::stripe

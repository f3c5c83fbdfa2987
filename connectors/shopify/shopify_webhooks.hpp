// Shopify's webhook deliveries: `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body under
// the app's API secret), then the topic turned into what the host does: orders/* upsert or delete
// an order, app/uninstalled disconnects the shop, and the privacy topics (customers/data_request,
// customers/redact, shop/redact) acknowledge or remove what they name.
#pragma once

#include <roi/sdk/connector.hpp>
#include <string_view>

namespace roi::shopify {

bool verify_delivery(const sdk::WebhookRequest& request, std::string_view api_secret);

// The event id is the delivery's `X-Shopify-Webhook-Id` (Shopify's key for duplicates), except
// for app/uninstalled and the privacy topics, whose id is "<topic>:<hex SHA-256 of the body>" so
// a signed body is acted on once whatever header id it is re-sent with; the type is the topic. The
// shop comes from the signed body where the topic carries it (app/uninstalled: myshopify_domain;
// privacy topics: shop_domain), and a delivery whose unsigned `X-Shopify-Shop-Domain` names another
// shop is refused: a body signed for one shop must not act on another. Order payloads carry no
// shop, so their shop is the header's (unsigned: the host changes only orders that shop already
// holds). Throws Permanent when the delivery is not one Shopify sends.
sdk::WebhookEvent read_delivery(const sdk::WebhookRequest& request);

}  // namespace roi::shopify

// Meta's webhooks: the subscription handshake (a GET with hub.verify_token = the configured token,
// answered with hub.challenge) and notifications signed `X-Hub-Signature-256: sha256=<hex>` with
// the app secret. Notifications are recorded; nothing in them changes our data yet.
#pragma once

#include <optional>
#include <roi/sdk/connector.hpp>
#include <string>
#include <string_view>

namespace roi::meta {

// The HMAC-SHA256 of the raw body under `app_secret`, compared in constant time.
bool verify_notification(const sdk::WebhookRequest& request, std::string_view app_secret);

// Meta's notifications carry no event id; a retry repeats the same bytes, so the verified
// signature (a keyed hash of the body) serves as the id. The type is the envelope's `object`.
// Throws Permanent when the body is not an {"object": ..., "entry": [...]} envelope.
sdk::WebhookEvent read_notification(const sdk::WebhookRequest& request);

// The challenge to echo when the query is a subscription for `verify_token`; nullopt otherwise.
std::optional<std::string> answer_handshake(const sdk::Headers& query,
                                            std::string_view verify_token);

}  // namespace roi::meta

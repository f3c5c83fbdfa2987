#include "webhooks/shopify_provider.hpp"

#include <roi/sdk/helpers/hmac.hpp>

#include "webhooks/json_body.hpp"

namespace roi::webhooks {
namespace {

// Ids and topics are short printable ASCII; anything else is not a Shopify delivery.
bool plain(std::string_view text) {
  if (text.empty() || text.size() > 255) return false;
  for (char c : text) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

}  // namespace

Verdict ShopifyProvider::verify(const http::Request& request,
                                std::chrono::system_clock::time_point) const {
  const std::string_view signature = request.header("x-shopify-hmac-sha256");
  if (signature.empty()) return Verdict::MissingSignature;
  if (api_secret_.empty()) return Verdict::BadSignature;
  return sdk::helpers::verify_hmac_sha256_base64(api_secret_, request.body, signature)
             ? Verdict::Valid
             : Verdict::BadSignature;
}

std::optional<Event> ShopifyProvider::parse(const http::Request& request) const {
  const std::string_view id = request.header("x-shopify-webhook-id");
  const std::string_view topic = request.header("x-shopify-topic");
  auto doc = std::make_shared<rapidjson::Document>();
  if (!plain(id) || !plain(topic) || !parse_json_object(request.body, *doc)) return std::nullopt;
  const std::string_view shop = request.header("x-shopify-shop-domain");
  return Event{std::string(id), std::string(topic), request.body,
               plain(shop) ? std::string(shop) : std::string{}, std::move(doc)};
}

}  // namespace roi::webhooks

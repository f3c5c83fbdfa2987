#include "shopify_webhooks.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>
#include <roi/sdk/helpers/money.hpp>
#include <roi/sdk/helpers/visit.hpp>
#include <roi/sdk/helpers/webhooks.hpp>

#include "shopify_install.hpp"
#include "shopify_json.hpp"

namespace roi::shopify {
namespace {

using sdk::WebhookAction;

const rapidjson::Value kNone(rapidjson::kArrayType);

// Ids and topics are short printable ASCII; anything else is not a Shopify delivery.
std::string plain(std::string_view text, const char* what) {
  const bool ok = !text.empty() && text.size() <= 255 &&
                  std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c <= '~'; });
  if (!ok) throw sdk::permanent(std::string("the delivery has no usable ") + what);
  return std::string(text);
}

std::optional<std::string> order_id(const rapidjson::Value& v) {
  if (!v.IsInt64() || v.GetInt64() <= 0) return std::nullopt;
  return std::to_string(v.GetInt64());
}

// The REST order of an orders/* payload: total net of successful refunds, UTMs from the landing
// page. nullopt when it is not an order we can store.
std::optional<sdk::Order> rest_order(const rapidjson::Value& doc, const std::string& shop) {
  const auto id = order_id(member(doc, "id"));
  const auto placed = parse_time(text(doc, "created_at"));
  const std::string currency = text(doc, "currency");
  const auto gross = sdk::helpers::parse_decimal_micros(text(doc, "total_price"));
  if (!id || !placed || !sdk::helpers::is_currency_code(currency) || !gross || *gross < 0) {
    return std::nullopt;
  }
  std::int64_t refunds = 0;
  const auto& refund_list = member(doc, "refunds");
  for (const auto& refund : refund_list.IsArray() ? refund_list.GetArray() : kNone.GetArray()) {
    const auto& transactions = member(refund, "transactions");
    if (!transactions.IsArray()) continue;
    for (const auto& t : transactions.GetArray()) {
      if (text(t, "kind") != "refund" || text(t, "status") != "success") continue;
      const auto amount = sdk::helpers::parse_decimal_micros(text(t, "amount"));
      if (!amount || *amount < 0) return std::nullopt;
      // As the sync path: a refund in another currency than the order's cannot be netted.
      const std::string refund_currency = text(t, "currency");
      if (!refund_currency.empty() && refund_currency != currency) return std::nullopt;
      // Never more than the order's total, and no overflow on the way there.
      refunds = *amount >= *gross - refunds ? *gross : refunds + *amount;
    }
  }
  sdk::Order o;
  o.account_id = shop;
  o.id = *id;
  o.placed_at = *placed;
  o.total = {*gross - refunds, currency};
  const std::string financial = text(doc, "financial_status");
  o.status = member(doc, "cancelled_at").IsString() ? sdk::OrderStatus::Cancelled
             : financial == "refunded"              ? sdk::OrderStatus::Refunded
             : financial == "paid" || financial == "partially_refunded" ? sdk::OrderStatus::Paid
                                                                        : sdk::OrderStatus::Open;
  // REST orders carry the visit that placed them (last click) and no time for it.
  sdk::helpers::set_visit(
      o, sdk::helpers::read_visit(text(doc, "landing_site"), text(doc, "referring_site")));
  return o;
}

// The shop the signed body names; the header may only agree with it.
std::string signed_shop(const rapidjson::Value& doc, const char* field, std::string_view header) {
  const std::string shop = text(doc, field);
  if (!valid_shop(shop)) throw sdk::permanent(std::string("the body names no shop in ") + field);
  if (!header.empty() && header != shop) {
    throw sdk::permanent("X-Shopify-Shop-Domain names another shop than the signed body");
  }
  return shop;
}

// Order payloads carry no shop, so the header names it. Order ids are unique across Shopify: a
// body replayed under another shop's name names no order of that shop (see docs/ARCHITECTURE.md).
std::string order_shop(std::string_view header) {
  if (header.empty()) throw sdk::permanent("an order delivery names no shop");
  return std::string(header);
}

std::vector<std::string> order_ids(const rapidjson::Value& list) {
  std::vector<std::string> ids;
  if (!list.IsArray()) return ids;
  for (const auto& v : list.GetArray()) {
    if (auto id = order_id(v)) ids.push_back(std::move(*id));
  }
  return ids;
}

}  // namespace

bool verify_delivery(const sdk::WebhookRequest& request, std::string_view api_secret) {
  const std::string_view signature =
      sdk::helpers::first_value(request.headers, "x-shopify-hmac-sha256");
  return !api_secret.empty() && !signature.empty() &&
         sdk::helpers::verify_hmac_sha256_base64(api_secret, request.body, signature);
}

sdk::WebhookEvent read_delivery(const sdk::WebhookRequest& request) {
  using sdk::helpers::first_value;
  sdk::WebhookEvent event;
  event.id = plain(first_value(request.headers, "x-shopify-webhook-id"), "webhook id");
  event.type = plain(first_value(request.headers, "x-shopify-topic"), "topic");
  const std::string_view header_shop = first_value(request.headers, "x-shopify-shop-domain");
  if (!header_shop.empty() && !valid_shop(header_shop)) {
    throw sdk::permanent("X-Shopify-Shop-Domain is not a shop domain");
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(request.body.data(), request.body.size());
  if (doc.HasParseError() || !doc.IsObject()) throw sdk::permanent("the body is not a JSON object");
  const std::string& topic = event.type;

  // An uninstall or a privacy request is what its signed body says, whatever id the unsigned
  // header carries: keyed by topic and body digest, a replayed body with a new webhook id is a
  // duplicate (it cannot disconnect a shop that installed the app again, nor redact it again).
  const bool by_body = topic == "app/uninstalled" || topic == "shop/redact" ||
                       topic == "customers/redact" || topic == "customers/data_request";
  if (by_body) event.id = topic + ":" + sdk::helpers::to_hex(sdk::helpers::sha256(request.body));

  if (topic == "app/uninstalled") {
    event.account_id = signed_shop(doc, "myshopify_domain", header_shop);
    event.action = WebhookAction::AccountDisconnected;
  } else if (topic == "shop/redact") {
    event.account_id = signed_shop(doc, "shop_domain", header_shop);
    event.action = WebhookAction::AccountRedacted;
  } else if (topic == "customers/redact") {
    event.account_id = signed_shop(doc, "shop_domain", header_shop);
    event.action = WebhookAction::CustomerRedacted;
    event.order_ids = order_ids(member(doc, "orders_to_redact"));
  } else if (topic == "customers/data_request") {
    event.account_id = signed_shop(doc, "shop_domain", header_shop);
    event.action = WebhookAction::DataRequested;
  } else if (topic == "orders/delete") {
    event.account_id = order_shop(header_shop);
    if (auto id = order_id(member(doc, "id"))) {
      event.action = WebhookAction::OrderDeleted;
      event.order_ids = {std::move(*id)};
    }
  } else if (topic.starts_with("orders/")) {
    event.account_id = order_shop(header_shop);
    if (auto order = rest_order(doc, event.account_id)) {
      event.action = WebhookAction::OrderUpserted;
      event.order = std::move(order);
    }
  } else {
    event.account_id = std::string(header_shop);
  }
  return event;
}

}  // namespace roi::shopify

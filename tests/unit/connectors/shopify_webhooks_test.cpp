// What the Shopify connector makes of a delivery: the signature over the raw body (a value made
// with Python's hmac), the topic turned into a typed event, and the shop taken from the signed
// body wherever the topic carries it, so a header naming another shop is refused.
#include "shopify/shopify_webhooks.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <roi/sdk/errors.hpp>

using namespace roi;
using sdk::WebhookAction;

namespace {

const std::string kShop = "a-shop.myshopify.com";
const std::string kPrivacyBody = R"({"shop_id":1,"shop_domain":"a-shop.myshopify.com"})";
const std::string kPrivacySignature =
    "9dbvfOh0z0iAeRLS+l3oC3hQIijJRrAWfB0OXuWWGYU=";  // key shpss_unit

sdk::WebhookRequest delivery(const std::string& topic, const std::string& body,
                             const std::string& shop = kShop) {
  sdk::WebhookRequest r;
  r.headers = {{"x-shopify-topic", topic},
               {"x-shopify-webhook-id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"}};
  if (!shop.empty()) r.headers.emplace_back("x-shopify-shop-domain", shop);
  r.body = body;
  return r;
}

const std::string kOrder =
    R"({"id":820982911946154508,"created_at":"2026-03-12T10:00:00-05:00","currency":"USD",)"
    R"("total_price":"50.00","financial_status":"partially_refunded",)"
    R"("landing_site":"/products/shirt?utm_source=meta&utm_medium=paid%20social&utm_campaign=%FF",)"
    R"("refunds":[{"transactions":[{"kind":"refund","status":"success","amount":"12.50"},)"
    R"({"kind":"refund","status":"failure","amount":"30.00"}]}]})";

class ShopifyWebhooksTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ShopifyWebhooksTest);
  CPPUNIT_TEST(signature_is_checked_over_the_raw_body);
  CPPUNIT_TEST(order_delivery_becomes_an_order_net_of_successful_refunds);
  CPPUNIT_TEST(order_that_cannot_be_stored_is_recorded_without_action);
  CPPUNIT_TEST(order_deletion_names_the_order);
  CPPUNIT_TEST(privacy_topics_take_the_shop_from_the_signed_body);
  CPPUNIT_TEST(header_naming_another_shop_than_the_body_is_refused);
  CPPUNIT_TEST(delivery_without_id_topic_or_order_shop_is_refused);
  CPPUNIT_TEST(privacy_request_is_keyed_by_its_signed_body_not_the_header_id);
  CPPUNIT_TEST(refund_in_another_currency_makes_the_order_unstorable);
  CPPUNIT_TEST(refunds_past_int64_are_capped_at_the_total);
  CPPUNIT_TEST_SUITE_END();

 public:
  void signature_is_checked_over_the_raw_body() {
    auto r = delivery("shop/redact", kPrivacyBody);
    r.headers.emplace_back("x-shopify-hmac-sha256", kPrivacySignature);
    CPPUNIT_ASSERT(shopify::verify_delivery(r, "shpss_unit"));
    CPPUNIT_ASSERT(!shopify::verify_delivery(r, "shpss_other"));
    CPPUNIT_ASSERT(!shopify::verify_delivery(r, ""));
    r.body += " ";
    CPPUNIT_ASSERT(!shopify::verify_delivery(r, "shpss_unit"));
    CPPUNIT_ASSERT(!shopify::verify_delivery(delivery("shop/redact", kPrivacyBody), "shpss_unit"));
  }

  void order_delivery_becomes_an_order_net_of_successful_refunds() {
    const auto e = shopify::read_delivery(delivery("orders/updated", kOrder));
    CPPUNIT_ASSERT_EQUAL(std::string("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"), e.id);
    CPPUNIT_ASSERT_EQUAL(std::string("orders/updated"), e.type);
    CPPUNIT_ASSERT_EQUAL(kShop, e.account_id);
    CPPUNIT_ASSERT(e.action == WebhookAction::OrderUpserted && e.order);
    const sdk::Order& o = *e.order;
    CPPUNIT_ASSERT_EQUAL(std::string("820982911946154508"), o.id);
    CPPUNIT_ASSERT_EQUAL(kShop, o.account_id);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{37'500'000}, o.total.micros);
    CPPUNIT_ASSERT_EQUAL(std::string("USD"), o.total.currency);
    CPPUNIT_ASSERT(o.status == sdk::OrderStatus::Paid);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1773327600}, o.placed_at.time_since_epoch().count());
    CPPUNIT_ASSERT_EQUAL(std::string("meta"), o.utm_source.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string("paid social"), o.utm_medium.value_or(""));
    CPPUNIT_ASSERT_MESSAGE("a value that is not text is dropped", !o.utm_campaign);
  }

  void order_that_cannot_be_stored_is_recorded_without_action() {
    const auto e = shopify::read_delivery(delivery(
        "orders/create",
        R"({"id":820982911946154500,"name":"#1001","total_price":"12.34","currency":"USD"})"));
    CPPUNIT_ASSERT(e.action == WebhookAction::None && !e.order);
    CPPUNIT_ASSERT_EQUAL(kShop, e.account_id);
  }

  void order_deletion_names_the_order() {
    const auto e = shopify::read_delivery(delivery("orders/delete", R"({"id":450789469})"));
    CPPUNIT_ASSERT(e.action == WebhookAction::OrderDeleted);
    CPPUNIT_ASSERT(e.order_ids == std::vector<std::string>{"450789469"});
  }

  void privacy_topics_take_the_shop_from_the_signed_body() {
    const auto redact = shopify::read_delivery(delivery(
        "customers/redact",
        R"({"shop_id":1,"shop_domain":"a-shop.myshopify.com","customer":{"id":5},"orders_to_redact":[11,"x",12]})",
        ""));
    CPPUNIT_ASSERT(redact.action == WebhookAction::CustomerRedacted);
    CPPUNIT_ASSERT_EQUAL(kShop, redact.account_id);
    CPPUNIT_ASSERT((redact.order_ids == std::vector<std::string>{"11", "12"}));
    CPPUNIT_ASSERT(shopify::read_delivery(delivery("shop/redact", kPrivacyBody)).action ==
                   WebhookAction::AccountRedacted);
    CPPUNIT_ASSERT(
        shopify::read_delivery(delivery("customers/data_request", kPrivacyBody)).action ==
        WebhookAction::DataRequested);
    const auto gone = shopify::read_delivery(
        delivery("app/uninstalled", R"({"id":1,"myshopify_domain":"a-shop.myshopify.com"})"));
    CPPUNIT_ASSERT(gone.action == WebhookAction::AccountDisconnected);
    CPPUNIT_ASSERT_EQUAL(kShop, gone.account_id);
  }

  void header_naming_another_shop_than_the_body_is_refused() {
    for (const auto& [topic, body] : std::vector<std::pair<std::string, std::string>>{
             {"shop/redact", kPrivacyBody},
             {"customers/redact", kPrivacyBody},
             {"customers/data_request", kPrivacyBody},
             {"app/uninstalled", R"({"myshopify_domain":"a-shop.myshopify.com"})"},
             {"shop/redact", R"({"shop_id":1})"}}) {
      CPPUNIT_ASSERT_THROW_MESSAGE(
          topic, shopify::read_delivery(delivery(topic, body, "victim.myshopify.com")),
          sdk::ConnectorError);
    }
  }

  void delivery_without_id_topic_or_order_shop_is_refused() {
    auto no_id = delivery("orders/create", kOrder);
    no_id.headers.erase(no_id.headers.begin() + 1);
    CPPUNIT_ASSERT_THROW(shopify::read_delivery(no_id), sdk::ConnectorError);
    CPPUNIT_ASSERT_THROW(shopify::read_delivery(delivery("", kOrder)), sdk::ConnectorError);
    CPPUNIT_ASSERT_THROW(shopify::read_delivery(delivery("orders/create", kOrder, "")),
                         sdk::ConnectorError);
    CPPUNIT_ASSERT_THROW(
        shopify::read_delivery(delivery("orders/create", kOrder, "evil.example.com")),
        sdk::ConnectorError);
    CPPUNIT_ASSERT_THROW(shopify::read_delivery(delivery("orders/create", "[]")),
                         sdk::ConnectorError);
  }

  // A redaction body re-sent with a new X-Shopify-Webhook-Id is the same event (a duplicate).
  void privacy_request_is_keyed_by_its_signed_body_not_the_header_id() {
    auto first = delivery("shop/redact", kPrivacyBody);
    auto replay = delivery("shop/redact", kPrivacyBody);
    replay.headers[1].second = "0f0f0f0f-0000-4000-8000-000000000000";
    const auto a = shopify::read_delivery(first);
    const auto b = shopify::read_delivery(replay);
    CPPUNIT_ASSERT_EQUAL(a.id, b.id);
    CPPUNIT_ASSERT_EQUAL(std::string("shop/redact:"), a.id.substr(0, 12));
    CPPUNIT_ASSERT_EQUAL(std::size_t{12 + 64}, a.id.size());
    const auto other = shopify::read_delivery(delivery("customers/data_request", kPrivacyBody));
    CPPUNIT_ASSERT(other.id != a.id);
    CPPUNIT_ASSERT_EQUAL(std::string("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"),
                         shopify::read_delivery(delivery("orders/delete", R"({"id":1})")).id);
  }

  void refund_in_another_currency_makes_the_order_unstorable() {
    std::string body = kOrder;
    body.replace(body.find(R"("amount":"12.50")"), 16, R"("amount":"12.50","currency":"EUR")");
    const auto e = shopify::read_delivery(delivery("orders/updated", body));
    CPPUNIT_ASSERT(e.action == WebhookAction::None && !e.order);
    std::string same = kOrder;
    same.replace(same.find(R"("amount":"12.50")"), 16, R"("amount":"12.50","currency":"USD")");
    const auto ok = shopify::read_delivery(delivery("orders/updated", same));
    CPPUNIT_ASSERT(ok.order && ok.order->total.micros == 37'500'000);
  }

  void refunds_past_int64_are_capped_at_the_total() {
    const std::string body =
        R"({"id":5,"created_at":"2026-03-12T10:00:00Z","currency":"USD",)"
        R"("total_price":"9223372036854.775807","refunds":[{"transactions":[)"
        R"({"kind":"refund","status":"success","amount":"9223372036854.775807"},)"
        R"({"kind":"refund","status":"success","amount":"9223372036854.775807"}]}]})";
    const auto e = shopify::read_delivery(delivery("orders/updated", body));
    CPPUNIT_ASSERT(e.order);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, e.order->total.micros);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ShopifyWebhooksTest);

}  // namespace

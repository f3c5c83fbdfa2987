// What the Shopify connector reads from the Admin GraphQL API's recorded answers, through its own
// client: the shop's details, orders paged by cursor and mapped (net of refunds, status, UTM from
// the last visit else the first), and THROTTLED or refused queries mapped to the SDK's kinds.
#include <cppunit/extensions/HelperMacros.h>

#include <roi/sdk/errors.hpp>
#include <shopify/shopify_admin.hpp>

#include "support/scripted_host.hpp"
#include "unit/connectors/recorded_reply.hpp"

using namespace roi;
using namespace std::chrono;
using testing::answer;
using testing::ScriptedHost;

namespace {

std::string reply(const std::string& name) { return testing::recorded_reply("shopify", name); }

const std::map<std::string, std::string> kSettings = {
    {"shop_base_url", "https://{shop}"}, {"api_version", "2026-01"}, {"page_size", "50"}};

struct Read {
  std::vector<sdk::Order> orders;
  std::vector<std::string> cursors;
};

Read read_orders(ScriptedHost& host) {
  Read out;
  shopify::Admin(host, "acme.myshopify.com", "shpat_token")
      .orders(
          year{2026} / 1 / 1, year{2026} / 1 / 31, std::nullopt,
          [&](const sdk::Order& o) { out.orders.push_back(o); },
          [&](const std::string& cursor) { out.cursors.push_back(cursor); });
  return out;
}

class ShopifyRepliesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ShopifyRepliesTest);
  CPPUNIT_TEST(shop_account_is_the_shop_with_its_currency_and_zone);
  CPPUNIT_TEST(orders_are_read_page_by_page_with_their_cursors);
  CPPUNIT_TEST(order_totals_are_net_of_refunds_and_statuses_mapped);
  CPPUNIT_TEST(utm_comes_from_the_last_visit_else_the_first_landing_page);
  CPPUNIT_TEST(throttled_query_waits_for_the_bucket_to_refill);
  CPPUNIT_TEST(refused_query_is_permanent);
  CPPUNIT_TEST(refused_token_needs_reauth);
  CPPUNIT_TEST_SUITE_END();

 public:
  void shop_account_is_the_shop_with_its_currency_and_zone() {
    const auto shop = answer(200, reply("shop.json"));
    ScriptedHost host({shop}, kSettings);
    const auto account = shopify::Admin(host, "acme.myshopify.com", "shpat_token").shop_account();
    CPPUNIT_ASSERT_EQUAL(std::string("acme.myshopify.com"), account.id);
    CPPUNIT_ASSERT_EQUAL(std::string("Acme Store"), account.name);
    CPPUNIT_ASSERT_EQUAL(std::string("EUR"), account.currency);
    CPPUNIT_ASSERT_EQUAL(std::string("Europe/Berlin"), account.time_zone);
    const auto& request = host.requests().at(0);
    CPPUNIT_ASSERT_EQUAL(std::string("https://acme.myshopify.com/admin/api/2026-01/graphql.json"),
                         request.url);
    CPPUNIT_ASSERT(testing::request_header(request, "x-shopify-access-token") ==
                   std::optional<std::string>("shpat_token"));
  }

  void orders_are_read_page_by_page_with_their_cursors() {
    const auto first = answer(200, reply("orders_page1.json"));
    const auto last = answer(200, reply("orders_page2.json"));
    ScriptedHost host({first, last}, kSettings);
    const auto read = read_orders(host);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, read.orders.size());
    CPPUNIT_ASSERT(read.cursors ==
                   std::vector<std::string>(
                       {"eyJsYXN0X2lkIjo0NTA3ODk0NjksImxhc3RfdmFsdWUiOiIyMDI2LTAxLTAyIn0=",
                        "eyJsYXN0X2lkIjo0NTA3ODk0NzF9"}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, host.requests().size());
    const auto& second = host.requests()[1].body;
    CPPUNIT_ASSERT(
        second.find("\"after\":\"eyJsYXN0X2lkIjo0NTA3ODk0NjksImxhc3RfdmFsdWUiOiIyMDI2LTAx"
                    "LTAyIn0=\"") != std::string::npos);
    CPPUNIT_ASSERT(second.find("created_at:>=2026-01-01 created_at:<=2026-01-31") !=
                   std::string::npos);
  }

  void order_totals_are_net_of_refunds_and_statuses_mapped() {
    const auto first = answer(200, reply("orders_page1.json"));
    const auto last = answer(200, reply("orders_page2.json"));
    ScriptedHost host({first, last}, kSettings);
    const auto orders = read_orders(host).orders;
    CPPUNIT_ASSERT_EQUAL(std::string("450789469"), orders[0].id);
    CPPUNIT_ASSERT_EQUAL(std::string("acme.myshopify.com"), orders[0].account_id);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{90'500'000}, orders[0].total.micros);
    CPPUNIT_ASSERT_EQUAL(std::string("EUR"), orders[0].total.currency);
    CPPUNIT_ASSERT(orders[0].status == sdk::OrderStatus::Paid);
    CPPUNIT_ASSERT(orders[0].placed_at ==
                   sys_days(year{2026} / 1 / 2) + hours(3) + minutes(4) + seconds(5));
    CPPUNIT_ASSERT(orders[1].placed_at == sys_days(year{2026} / 1 / 2) + hours(4) + minutes(30));
    CPPUNIT_ASSERT(orders[1].status == sdk::OrderStatus::Open);
    CPPUNIT_ASSERT(orders[2].status == sdk::OrderStatus::Cancelled);
  }

  void utm_comes_from_the_last_visit_else_the_first_landing_page() {
    const auto first = answer(200, reply("orders_page1.json"));
    const auto last = answer(200, reply("orders_page2.json"));
    ScriptedHost host({first, last}, kSettings);
    const auto orders = read_orders(host).orders;
    CPPUNIT_ASSERT(orders[0].utm_source == std::optional<std::string>("facebook"));
    CPPUNIT_ASSERT(orders[0].utm_medium == std::optional<std::string>("paid_social"));
    CPPUNIT_ASSERT(orders[0].utm_campaign == std::optional<std::string>("winter"));
    CPPUNIT_ASSERT(orders[1].utm_source == std::optional<std::string>("google"));
    CPPUNIT_ASSERT(orders[1].utm_medium == std::optional<std::string>("cpc"));
    CPPUNIT_ASSERT(orders[1].utm_campaign == std::optional<std::string>("spring"));
    CPPUNIT_ASSERT(!orders[2].utm_source);
  }

  void throttled_query_waits_for_the_bucket_to_refill() {
    // 750 points missing at 50 a second.
    const auto throttled = answer(200, reply("throttled.json"));
    ScriptedHost host({throttled}, kSettings);
    const auto e = testing::error_of([&] { read_orders(host); });
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::RateLimited);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{15}, static_cast<std::int64_t>(e.retry_after().count()));
  }

  void refused_query_is_permanent() {
    const auto refused = answer(200, reply("field_missing.json"));
    ScriptedHost host({refused}, kSettings);
    const auto e = testing::error_of([&] { read_orders(host); });
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::Permanent);
    CPPUNIT_ASSERT(std::string(e.what()).find("Field 'ordersX' doesn't exist") !=
                   std::string::npos);
  }

  void refused_token_needs_reauth() {
    const auto refused = answer(
        401,
        R"json({"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"})json");
    ScriptedHost host({refused}, kSettings);
    const auto e = testing::error_of([&] { read_orders(host); });
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::NeedsReauth);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ShopifyRepliesTest);

}  // namespace

// What the Google Ads connector reads from Google's recorded answers, through its own client:
// customer ids from listAccessibleCustomers, googleAds:search followed page by page, rows mapped
// exactly (micros stay integers), and GoogleAdsFailure answers mapped to the SDK's error kinds.
#include <cppunit/extensions/HelperMacros.h>

#include <google_ads/google_ads_api.hpp>
#include <google_ads/google_ads_rows.hpp>
#include <roi/sdk/errors.hpp>

#include "support/scripted_host.hpp"
#include "unit/connectors/recorded_reply.hpp"

using namespace roi;
using testing::answer;
using testing::ScriptedHost;

namespace {

std::string reply(const std::string& name) { return testing::recorded_reply("google_ads", name); }

google_ads::Client client(ScriptedHost& host) {
  return google_ads::Client(host, {"https://ads.test", "v26", "dev-token", ""}, "access-token");
}

sdk::ConnectorError search_error(const std::vector<std::string_view>& answers) {
  ScriptedHost host(answers, {});
  return testing::error_of([&] {
    client(host).search("1234567890", "SELECT customer.id FROM customer",
                        [](const rapidjson::Value&) {});
  });
}

class GoogleAdsRepliesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(GoogleAdsRepliesTest);
  CPPUNIT_TEST(lists_the_customer_ids_the_token_reaches);
  CPPUNIT_TEST(search_follows_page_tokens_to_the_last_page);
  CPPUNIT_TEST(customer_rows_carry_currency_zone_and_manager_flag);
  CPPUNIT_TEST(metric_rows_keep_micros_exact_and_absent_metrics_zero);
  CPPUNIT_TEST(quota_exhausted_waits_the_retry_delay_google_names);
  CPPUNIT_TEST(refused_token_needs_reauth);
  CPPUNIT_TEST(permission_denied_is_permanent);
  CPPUNIT_TEST(server_errors_and_unreadable_answers_are_transient);
  CPPUNIT_TEST_SUITE_END();

 public:
  void lists_the_customer_ids_the_token_reaches() {
    const auto customers = answer(200, reply("accessible_customers.json"));
    ScriptedHost host({customers}, {});
    const auto ids = client(host).accessible_customers();
    CPPUNIT_ASSERT(ids == std::vector<std::string>({"1234567890", "9876543210"}));
    const auto& request = host.requests().at(0);
    CPPUNIT_ASSERT_EQUAL(std::string("https://ads.test/v26/customers:listAccessibleCustomers"),
                         request.url);
    CPPUNIT_ASSERT(testing::request_header(request, "developer-token") ==
                   std::optional<std::string>("dev-token"));
  }

  void search_follows_page_tokens_to_the_last_page() {
    const auto first = answer(200, reply("customers_page1.json"));
    const auto last = answer(200, reply("customers_page2.json"));
    ScriptedHost host({first, last}, {});
    std::vector<std::string> seen;
    int pages = 0;
    client(host).search(
        "1234567890", "SELECT customer.id FROM customer",
        [&](const rapidjson::Value& row) {
          seen.push_back(google_ads::customer_row(row).account.id);
        },
        [&] { ++pages; });
    CPPUNIT_ASSERT(seen == std::vector<std::string>({"1234567890", "9876543210"}));
    CPPUNIT_ASSERT_EQUAL(2, pages);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, host.requests().size());
    CPPUNIT_ASSERT(host.requests()[1].body.find("\"pageToken\":\"page-2\"") != std::string::npos);
  }

  void customer_rows_carry_currency_zone_and_manager_flag() {
    const auto first = answer(200, reply("customers_page1.json"));
    const auto last = answer(200, reply("customers_page2.json"));
    ScriptedHost host({first, last}, {});
    std::vector<google_ads::CustomerInfo> rows;
    client(host).search("1234567890", "q", [&](const rapidjson::Value& row) {
      rows.push_back(google_ads::customer_row(row));
    });
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, rows.size());
    CPPUNIT_ASSERT_EQUAL(std::string("Acme"), rows[0].account.name);
    CPPUNIT_ASSERT_EQUAL(std::string("EUR"), rows[0].account.currency);
    CPPUNIT_ASSERT_EQUAL(std::string("Europe/Berlin"), rows[0].account.time_zone);
    CPPUNIT_ASSERT(!rows[0].manager);
    CPPUNIT_ASSERT(rows[1].manager);
  }

  void metric_rows_keep_micros_exact_and_absent_metrics_zero() {
    const auto metrics = answer(200, reply("metrics.json"));
    ScriptedHost host({metrics}, {});
    std::vector<sdk::DailyMetric> rows;
    std::vector<sdk::Campaign> campaigns;
    client(host).search("1234567890", "q", [&](const rapidjson::Value& row) {
      rows.push_back(google_ads::metric_row(row, "1234567890", "EUR"));
      campaigns.push_back(google_ads::campaign_row(row, "1234567890"));
    });
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, rows.size());
    const auto& m = rows[0];
    CPPUNIT_ASSERT_EQUAL(std::string("42"), m.campaign_id);
    CPPUNIT_ASSERT(m.date == std::chrono::year{2026} / 1 / 2);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1'230'000}, m.spend.micros);
    CPPUNIT_ASSERT_EQUAL(std::string("EUR"), m.spend.currency);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1000}, m.impressions);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{25}, m.clicks);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1'500'000}, m.conversions_micros);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{123'450'000}, m.conversion_value.micros);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, rows[1].spend.micros);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, rows[1].impressions);
    CPPUNIT_ASSERT(campaigns[0].status == sdk::CampaignStatus::Paused);
    CPPUNIT_ASSERT_EQUAL(std::string("Spring sale"), campaigns[0].name);
    CPPUNIT_ASSERT(campaigns[1].status == sdk::CampaignStatus::Removed);
    CPPUNIT_ASSERT_EQUAL(std::string("43"), campaigns[1].name);  // unnamed: its id
  }

  void quota_exhausted_waits_the_retry_delay_google_names() {
    const auto quota = answer(429, reply("quota_exhausted.json"), "retry-after: 30");
    const auto e = search_error({quota});
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::RateLimited);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{120}, static_cast<std::int64_t>(e.retry_after().count()));
  }

  void refused_token_needs_reauth() {
    const auto refused = answer(401, reply("unauthenticated.json"));
    CPPUNIT_ASSERT(search_error({refused}).kind() == sdk::ErrorKind::NeedsReauth);
  }

  void permission_denied_is_permanent() {
    const auto denied = answer(403, reply("permission_denied.json"));
    CPPUNIT_ASSERT(search_error({denied}).kind() == sdk::ErrorKind::Permanent);
  }

  void server_errors_and_unreadable_answers_are_transient() {
    const auto unavailable = answer(503, R"({"error":{"code":503,"status":"UNAVAILABLE"}})");
    const auto garbled = answer(200, "<html>");
    CPPUNIT_ASSERT(search_error({unavailable}).kind() == sdk::ErrorKind::Transient);
    CPPUNIT_ASSERT(search_error({garbled}).kind() == sdk::ErrorKind::Transient);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GoogleAdsRepliesTest);

}  // namespace

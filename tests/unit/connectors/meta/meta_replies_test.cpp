// What the Meta connector reads from the Graph API's recorded answers, through its own client:
// edges followed by their after cursors, accounts and insights mapped exactly (spend in micros,
// a purchase counted once), and Graph errors mapped by error.code to the SDK's error kinds.
#include <cppunit/extensions/HelperMacros.h>

#include <meta/meta_graph.hpp>
#include <meta/meta_rows.hpp>
#include <roi/sdk/errors.hpp>

#include "support/scripted_host.hpp"
#include "unit/connectors/recorded_reply.hpp"

using namespace roi;
using testing::answer;
using testing::ScriptedHost;

namespace {

std::string reply(const std::string& name) { return testing::recorded_reply("meta", name); }

meta::Graph graph(ScriptedHost& host) {
  return meta::Graph(host, {"https://graph.test", "v25.0"}, "access-token");
}

sdk::ConnectorError read_error(const std::vector<std::string_view>& answers) {
  ScriptedHost host(answers, {});
  return testing::error_of(
      [&] { graph(host).each("act_1/insights", {}, [](const rapidjson::Value&) {}); });
}

class MetaRepliesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MetaRepliesTest);
  CPPUNIT_TEST(edges_are_followed_by_their_after_cursor);
  CPPUNIT_TEST(an_unnamed_account_shows_its_id);
  CPPUNIT_TEST(insights_count_a_purchase_once_and_spend_in_micros);
  CPPUNIT_TEST(expired_token_needs_reauth);
  CPPUNIT_TEST(request_limit_waits_as_long_as_the_usage_header_says);
  CPPUNIT_TEST(usage_at_its_ceiling_stops_after_the_page);
  CPPUNIT_TEST(a_refused_parameter_is_permanent);
  CPPUNIT_TEST_SUITE_END();

 public:
  void edges_are_followed_by_their_after_cursor() {
    const auto first = answer(200, reply("adaccounts_page1.json"));
    const auto last = answer(200, reply("adaccounts_page2.json"));
    ScriptedHost host({first, last}, {});
    std::vector<std::string> ids;
    graph(host).each(
        "me/adaccounts", {{"fields", "account_id,name,currency,timezone_name"}},
        [&](const rapidjson::Value& item) { ids.push_back(meta::account_item(item).id); });
    CPPUNIT_ASSERT(ids == std::vector<std::string>({"1001", "1002"}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, host.requests().size());
    const auto& second = host.requests()[1].url;
    CPPUNIT_ASSERT(second.starts_with("https://graph.test/v25.0/me/adaccounts?"));
    CPPUNIT_ASSERT(second.find("after=QVFIUjZA") != std::string::npos);
    CPPUNIT_ASSERT(testing::request_header(host.requests()[0], "authorization") ==
                   std::optional<std::string>("Bearer access-token"));
  }

  void an_unnamed_account_shows_its_id() {
    const auto first = answer(200, reply("adaccounts_page1.json"));
    const auto last = answer(200, reply("adaccounts_page2.json"));
    ScriptedHost host({first, last}, {});
    std::vector<sdk::Account> accounts;
    graph(host).each("me/adaccounts", {}, [&](const rapidjson::Value& item) {
      accounts.push_back(meta::account_item(item));
    });
    CPPUNIT_ASSERT_EQUAL(std::string("Acme EU"), accounts.at(0).name);
    CPPUNIT_ASSERT_EQUAL(std::string("EUR"), accounts[0].currency);
    CPPUNIT_ASSERT_EQUAL(std::string("Europe/Berlin"), accounts[0].time_zone);
    CPPUNIT_ASSERT_EQUAL(std::string("1002"), accounts.at(1).name);
  }

  void insights_count_a_purchase_once_and_spend_in_micros() {
    const auto insights = answer(200, reply("insights.json"));
    ScriptedHost host({insights}, {});
    std::vector<sdk::DailyMetric> rows;
    graph(host).each(
        "act_1001/insights", {{"level", "campaign"}},
        [&](const rapidjson::Value& row) { rows.push_back(meta::insight_row(row, "1001")); });
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, rows.size());
    const auto& m = rows[0];
    CPPUNIT_ASSERT_EQUAL(std::string("120200"), m.campaign_id);
    CPPUNIT_ASSERT(m.date == std::chrono::year{2026} / 1 / 2);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{12'340'000}, m.spend.micros);
    CPPUNIT_ASSERT_EQUAL(std::string("EUR"), m.spend.currency);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1000}, m.impressions);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{25}, m.clicks);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2'000'000}, m.conversions_micros);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{99'900'000}, m.conversion_value.micros);
  }

  void expired_token_needs_reauth() {
    const auto expired = answer(400, reply("token_expired.json"));
    CPPUNIT_ASSERT(read_error({expired}).kind() == sdk::ErrorKind::NeedsReauth);
  }

  void request_limit_waits_as_long_as_the_usage_header_says() {
    const auto limited = answer(
        400, reply("user_request_limit.json"),
        R"(x-business-use-case-usage: {"1001":[{"type":"ads_insights","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":5}]})");
    const auto e = read_error({limited});
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::RateLimited);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{300}, static_cast<std::int64_t>(e.retry_after().count()));
  }

  void usage_at_its_ceiling_stops_after_the_page() {
    const auto busy =
        answer(200, reply("adaccounts_page1.json"),
               R"(x-app-usage: {"call_count":96,"total_cputime":10,"total_time":12})");
    ScriptedHost host({busy}, {});
    int items = 0;
    const auto e = testing::error_of(
        [&] { graph(host).each("me/adaccounts", {}, [&](const rapidjson::Value&) { ++items; }); });
    CPPUNIT_ASSERT(e.kind() == sdk::ErrorKind::RateLimited);
    CPPUNIT_ASSERT_EQUAL(1, items);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, host.requests().size());
  }

  void a_refused_parameter_is_permanent() {
    const auto refused = answer(400, reply("invalid_parameter.json"));
    CPPUNIT_ASSERT(read_error({refused}).kind() == sdk::ErrorKind::Permanent);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MetaRepliesTest);

}  // namespace

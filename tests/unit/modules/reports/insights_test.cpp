// The host's own insights and money text: they say only what the figures support (no spend,
// one campaign), round money in integers, and download links refuse forgery and expiry.
#include "modules/reports/insights.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include "modules/reports/download_link.hpp"

using namespace roi::modules::reports;
namespace dash = roi::modules::dashboard;

namespace {

NamedTotals campaign(const char* name, std::int64_t spend, std::int64_t revenue) {
  NamedTotals c;
  c.name = name;
  c.platform = "meta";
  c.totals.spend_micros = spend;
  c.totals.revenue_micros = revenue;
  return c;
}

std::vector<std::string> kinds(const std::vector<Insight>& insights) {
  std::vector<std::string> out;
  for (const auto& i : insights) out.push_back(i.kind);
  return out;
}

class InsightsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(InsightsTest);
  CPPUNIT_TEST(a_period_without_spend_says_so_and_nothing_else);
  CPPUNIT_TEST(one_campaign_gets_no_worst_campaign_and_no_budget_shift);
  CPPUNIT_TEST(money_is_rounded_to_cents_with_thousands_separators);
  CPPUNIT_TEST(insights_survive_storage_including_quotes_and_unicode);
  CPPUNIT_TEST(links_verify_only_unchanged_and_unexpired);
  CPPUNIT_TEST_SUITE_END();

 public:
  void a_period_without_spend_says_so_and_nothing_else() {
    PeriodSummary s;
    CPPUNIT_ASSERT(kinds(builtin_insights(s)) == std::vector<std::string>{"no_spend"});
  }

  void one_campaign_gets_no_worst_campaign_and_no_budget_shift() {
    PeriodSummary s;
    s.currency = "EUR";
    s.campaigns = {campaign("Solo", 10'000'000, 25'000'000)};
    s.current = s.campaigns[0].totals;
    const auto k = kinds(builtin_insights(s));
    CPPUNIT_ASSERT(k == (std::vector<std::string>{"best_campaign", "spend_concentration"}));
  }

  void money_is_rounded_to_cents_with_thousands_separators() {
    CPPUNIT_ASSERT_EQUAL(std::string("1,234,567.89 USD"), format_money(1'234'567'885'000, "USD"));
    CPPUNIT_ASSERT_EQUAL(std::string("0.00 EUR"), format_money(4'999, "EUR"));
    CPPUNIT_ASSERT_EQUAL(std::string("-0.01 EUR"), format_money(-5'000, "EUR"));
    CPPUNIT_ASSERT_EQUAL(std::string("100.00"), format_money(100'000'000, ""));
  }

  void insights_survive_storage_including_quotes_and_unicode() {
    const std::vector<Insight> in{{"best_campaign", "\"Été\" <b>campaign</b> \\ 10%"}};
    const auto out = insights_from_json(insights_to_json(in));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, out.size());
    CPPUNIT_ASSERT_EQUAL(in[0].text, out[0].text);
  }

  void links_verify_only_unchanged_and_unexpired() {
    const DownloadLinks links(std::string(32, 'k'), std::chrono::seconds(60));
    const auto now = std::chrono::system_clock::now();
    const std::string url = links.make({7, 3}, now);
    const auto q = url.find('?');
    const std::string rest = url.substr(kDownloadPrefix.size(), q - kDownloadPrefix.size());
    const std::string query = url.substr(q + 1);
    const auto ok = links.check(rest, query, now);
    CPPUNIT_ASSERT(ok.claim && ok.claim->report == 7 && ok.claim->user == 3);
    CPPUNIT_ASSERT(links.check(rest, query, now + std::chrono::seconds(61)).refusal ==
                   LinkRefusal::Expired);
    CPPUNIT_ASSERT(links.check("8", query, now).refusal == LinkRefusal::BadSignature);
    const DownloadLinks other(std::string(32, 'x'), std::chrono::seconds(60));
    CPPUNIT_ASSERT(other.check(rest, query, now).refusal == LinkRefusal::BadSignature);
    for (const char* bad : {"07", "-7", "7/../1", "", "99999999999999999999"}) {
      CPPUNIT_ASSERT(links.check(bad, query, now).refusal == LinkRefusal::Malformed);
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InsightsTest);

}  // namespace

// The host's own insights, the report's number text and chart axes: insights say only what the
// figures support and name the figures behind them; numbers follow one rule per kind; ticks are
// round; download links refuse forgery and expiry.
#include "modules/reports/insights.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

#include "modules/reports/chart_scale.hpp"
#include "modules/reports/download_link.hpp"
#include "modules/reports/report_format.hpp"

using namespace roi::modules::reports;
namespace dash = roi::modules::dashboard;

namespace {

dash::Totals totals(std::int64_t spend, std::int64_t revenue, std::int64_t conversions_milli = 0) {
  dash::Totals t;
  t.spend_micros = spend;
  t.revenue_micros = revenue;
  t.conversions_milli = conversions_milli;
  return t;
}

CampaignFigures campaign(const char* name, dash::Totals now, dash::Totals before = {}) {
  return {name, "meta", "Acme EU", now, before};
}

// A USD section over 2024-02-01..2024-02-03 whose figures are its campaigns' sums.
PeriodSummary usd(std::vector<CampaignFigures> campaigns) {
  PeriodSummary s;
  s.range = {dash::Date{std::chrono::year{2024} / 2 / 1},
             dash::Date{std::chrono::year{2024} / 2 / 3}};
  CurrencySection sec;
  sec.currency = "USD";
  for (const auto& c : campaigns) {
    sec.current += c.current;
    sec.previous += c.previous;
  }
  sec.campaigns = std::move(campaigns);
  for (auto d = s.range.start; d <= s.range.end; d += std::chrono::days{1})
    sec.days.push_back({d, {}});
  s.sections.push_back(std::move(sec));
  return s;
}

std::vector<std::string> kinds(const std::vector<Insight>& insights) {
  std::vector<std::string> out;
  for (const auto& i : insights) out.push_back(i.kind);
  return out;
}

const Insight& find(const std::vector<Insight>& insights, const std::string& kind) {
  const auto it = std::find_if(insights.begin(), insights.end(),
                               [&](const Insight& i) { return i.kind == kind; });
  if (it == insights.end()) throw std::runtime_error("no insight " + kind);
  return *it;
}

class InsightsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(InsightsTest);
  CPPUNIT_TEST(a_period_without_data_says_so_and_nothing_else);
  CPPUNIT_TEST(one_campaign_gets_no_worst_campaign);
  CPPUNIT_TEST(platforms_claiming_more_than_the_store_are_called_out_with_both_roas);
  CPPUNIT_TEST(a_spend_shift_names_the_platforms_and_their_share_points);
  CPPUNIT_TEST(a_campaign_whose_cpa_rose_with_its_spend_is_named_with_both_figures);
  CPPUNIT_TEST(days_with_spend_and_no_conversions_are_listed_with_their_spend);
  CPPUNIT_TEST(every_insight_names_its_currency_and_source);
  CPPUNIT_TEST(money_is_rounded_to_cents_with_thousands_separators);
  CPPUNIT_TEST(changes_counts_and_conversions_follow_one_rule);
  CPPUNIT_TEST(chart_ticks_are_round_numbers_covering_the_maximum);
  CPPUNIT_TEST(date_axes_are_labelled_at_an_even_step);
  CPPUNIT_TEST(insights_survive_storage_including_quotes_and_unicode);
  CPPUNIT_TEST(links_verify_only_unchanged_and_unexpired);
  CPPUNIT_TEST_SUITE_END();

 public:
  void a_period_without_data_says_so_and_nothing_else() {
    PeriodSummary s;
    CPPUNIT_ASSERT(kinds(builtin_insights(s)) == std::vector<std::string>{"no_data"});
  }

  void one_campaign_gets_no_worst_campaign() {
    const auto k =
        kinds(builtin_insights(usd({campaign("Solo", totals(10'000'000, 25'000'000, 1000))})));
    CPPUNIT_ASSERT(std::count(k.begin(), k.end(), "best_campaign") == 1);
    CPPUNIT_ASSERT(std::count(k.begin(), k.end(), "worst_campaign") == 0);
    CPPUNIT_ASSERT(std::count(k.begin(), k.end(), "spend_concentration") == 1);
  }

  void platforms_claiming_more_than_the_store_are_called_out_with_both_roas() {
    auto s = usd({campaign("A", totals(100'000'000, 450'000'000, 1000))});
    s.sections[0].current.store_revenue_micros = 10'000'000;
    CPPUNIT_ASSERT_EQUAL(
        std::string("The ad platforms claim 450.00 USD of revenue (ROAS 4.50) against 10.00 USD "
                    "the store booked (blended ROAS 0.10): 45.0 times the store's revenue, so "
                    "platform ROAS over-states what the spend returned."),
        find(builtin_insights(s), "attribution_gap").text);
    s.sections[0].current.store_revenue_micros = 0;
    CPPUNIT_ASSERT(find(builtin_insights(s), "attribution_unchecked").text.find("450.00 USD") !=
                   std::string::npos);
  }

  void a_spend_shift_names_the_platforms_and_their_share_points() {
    auto s = usd({campaign("A", totals(600'000'000, 0, 1000), totals(200'000'000, 0, 1000)),
                  campaign("B", totals(400'000'000, 0, 1000), totals(800'000'000, 0, 1000))});
    s.sections[0].platforms = {{"meta", totals(600'000'000, 1'200'000'000), totals(200'000'000, 0)},
                               {"google-ads", totals(400'000'000, 0), totals(800'000'000, 0)}};
    CPPUNIT_ASSERT_EQUAL(
        std::string("Spend share moved against the previous period: Meta +40.0 pts "
                    "(20.0% \u2192 60.0%, 600.00 USD, ROAS 2.00), Google Ads "
                    "\u221240.0 pts (80.0% \u2192 40.0%, 400.00 USD, ROAS 0.00)."),
        find(builtin_insights(s), "spend_shift").text);
  }

  void a_campaign_whose_cpa_rose_with_its_spend_is_named_with_both_figures() {
    const auto s =
        usd({campaign("Up", totals(200'000'000, 0, 10'000), totals(100'000'000, 0, 10'000)),
             campaign("Fine", totals(300'000'000, 0, 60'000), totals(100'000'000, 0, 10'000))});
    const auto insights = builtin_insights(s);
    CPPUNIT_ASSERT_EQUAL(
        std::string("\"Up\" (Meta \u00b7 Acme EU): spend +100.0% (100.00 USD "
                    "\u2192 200.00 USD) while CPA rose +100.0% (10.00 \u2192 20.00 USD)."),
        find(insights, "cpa_rising").text);
    const auto k = kinds(insights);
    CPPUNIT_ASSERT(std::count(k.begin(), k.end(), "cpa_rising") == 1);
  }

  void days_with_spend_and_no_conversions_are_listed_with_their_spend() {
    auto s = usd({campaign("A", totals(30'000'000, 0, 1000))});
    s.sections[0].days[0].totals = totals(10'000'000, 0, 1000);
    s.sections[0].days[1].totals = totals(10'000'000, 0, 0);
    s.sections[0].days[2].totals = totals(10'000'000, 0, 0);
    CPPUNIT_ASSERT_EQUAL(
        std::string("2 days had 20.00 USD of spend and no conversions: 2 Feb, 3 Feb."),
        find(builtin_insights(s), "zero_conversion_days").text);
  }

  void every_insight_names_its_currency_and_source() {
    const auto list = builtin_insights(usd({campaign("A", totals(1'000'000, 2'000'000, 1000))}));
    CPPUNIT_ASSERT(!list.empty());
    for (const auto& i : list) {
      CPPUNIT_ASSERT_EQUAL(std::string("USD"), i.currency);
      CPPUNIT_ASSERT_EQUAL(std::string("builtin"), i.source);
    }
  }

  void money_is_rounded_to_cents_with_thousands_separators() {
    CPPUNIT_ASSERT_EQUAL(std::string("1,234,567.89 USD"), format_money(1'234'567'885'000, "USD"));
    CPPUNIT_ASSERT_EQUAL(std::string("0.00 EUR"), format_money(4'999, "EUR"));
    CPPUNIT_ASSERT_EQUAL(std::string("0.00 EUR"), format_money(-4'999, "EUR"));
    CPPUNIT_ASSERT_EQUAL(std::string("-0.01 EUR"), format_money(-5'000, "EUR"));
    CPPUNIT_ASSERT_EQUAL(std::string("100.00"), format_money(100'000'000, ""));
  }

  void changes_counts_and_conversions_follow_one_rule() {
    CPPUNIT_ASSERT_EQUAL(std::string("+12.5%"), format_change(0.125));
    CPPUNIT_ASSERT_EQUAL(std::string("\u22123.0%"), format_change(-0.03));
    CPPUNIT_ASSERT_EQUAL(std::string("0.0%"), format_change(-0.0001));
    CPPUNIT_ASSERT_EQUAL(std::string("+1,234.0%"), format_change(12.34));
    CPPUNIT_ASSERT_EQUAL(std::string("n/a"), format_change(std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("46,341"), format_count(46'341));
    CPPUNIT_ASSERT_EQUAL(std::string("1,452"), format_conversions(1'452'000));
    CPPUNIT_ASSERT_EQUAL(std::string("1,452.80"), format_conversions(1'452'800));
    CPPUNIT_ASSERT_EQUAL(std::string("Google Ads"), platform_label("google-ads"));
  }

  void chart_ticks_are_round_numbers_covering_the_maximum() {
    const Ticks money = nice_ticks(24'774.51);
    CPPUNIT_ASSERT_EQUAL(5000.0, money.step);
    CPPUNIT_ASSERT_EQUAL(25'000.0, money.values.back());
    CPPUNIT_ASSERT_EQUAL(0, money.decimals);
    const Ticks roas = nice_ticks(4.5);
    CPPUNIT_ASSERT_EQUAL(1.0, roas.step);
    CPPUNIT_ASSERT_EQUAL(5.0, roas.values.back());
    const Ticks small = nice_ticks(0.12);
    CPPUNIT_ASSERT_EQUAL(2, small.decimals);
    const Ticks none = nice_ticks(0);
    CPPUNIT_ASSERT(none.values.back() > 0);
  }

  void date_axes_are_labelled_at_an_even_step() {
    CPPUNIT_ASSERT_EQUAL(1, date_label_step(7));
    CPPUNIT_ASSERT_EQUAL(7, date_label_step(29));
    CPPUNIT_ASSERT_EQUAL(14, date_label_step(90));
    CPPUNIT_ASSERT_EQUAL(56, date_label_step(366));
  }

  void insights_survive_storage_including_quotes_and_unicode() {
    const std::vector<Insight> in{{"best_campaign", "\"Été\" <b>campaign</b> \\ 10%", "EUR", "ai"}};
    const auto out = insights_from_json(insights_to_json(in));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, out.size());
    CPPUNIT_ASSERT_EQUAL(in[0].text, out[0].text);
    CPPUNIT_ASSERT_EQUAL(std::string("EUR"), out[0].currency);
    CPPUNIT_ASSERT_EQUAL(std::string("ai"), out[0].source);
    const auto old = insights_from_json(R"([{"kind":"k","text":"t"}])", "ai");
    CPPUNIT_ASSERT_EQUAL(std::string("ai"), old.at(0).source);
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

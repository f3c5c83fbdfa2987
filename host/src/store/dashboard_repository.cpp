#include "store/dashboard_repository.hpp"

#include <soci/soci.h>

#include "store/prepared_query.hpp"
#include "store/query_guard.hpp"

namespace roi::store {
namespace {

namespace dash = modules::dashboard;

// The rows' sums start at this column, in Totals order.
dash::Totals totals_at(const PreparedRows& rows, std::size_t i, int first) {
  return {rows.integer(i, first),     rows.integer(i, first + 1), rows.integer(i, first + 2),
          rows.integer(i, first + 3), rows.integer(i, first + 4), rows.integer(i, first + 5),
          rows.integer(i, first + 6), rows.integer(i, first + 7), rows.integer(i, first + 8)};
}

constexpr PreparedSql kTotals{
    "roi_dashboard_totals",
    "SELECT * FROM dashboard_totals($1::bigint, $2::date, $3::date, $4::date) ORDER BY 1, 2, 3"};
constexpr PreparedSql kDays{
    "roi_dashboard_days",
    "SELECT * FROM dashboard_days($1::bigint, $2::date, $3::date) ORDER BY 1, 2, 3"};
// Store revenue is not per campaign (nor the revenue no campaign explains): selected as zero to
// keep one Totals shape.
constexpr PreparedSql kCampaigns{
    "roi_dashboard_campaigns",
    "SELECT id, name, platform, status, currency, spend, revenue, 0::bigint, impressions, clicks,"
    " conversions, attributed_revenue, attributed_orders, 0::bigint, account"
    " FROM dashboard_campaign_sums($1::bigint, $2::date, $3::date, $4::date, $5::date, $6::date,"
    " $7::date, $8, $9, $10, $11)"};
// A user has a handful of integrations; each EXISTS is one probe of campaigns_integration_idx.
constexpr PreparedSql kAdPlatforms{
    "roi_dashboard_ad_platforms",
    "SELECT DISTINCT i.platform FROM integrations i WHERE i.user_id = $1::bigint"
    " AND EXISTS (SELECT 1 FROM campaigns c WHERE c.integration_id = i.id)"};
// One array parameter, so a batch of any size is one statement.
constexpr PreparedSql kUserStates{
    "roi_dashboard_user_states",
    "SELECT id, data_version, time_zone FROM users WHERE id = ANY($1::bigint[])"};

std::string iso(dash::Date d) { return dash::format_date(d); }

// A range as the campaign listing reads it: the calendar months wholly inside it from the
// monthly rollup, the days before and after them from daily_metrics. An empty part has
// end < start, which BETWEEN matches nothing with.
struct CampaignWindows {
  dash::DateRange head, tail, months;
};

CampaignWindows campaign_windows(const dash::DateRange& r) {
  using namespace std::chrono;
  const dash::DateRange none{r.end + days{1}, r.end};
  const year_month_day s{r.start};
  const year_month_day e{r.end};
  const dash::Date first_full =
      s.day() == day{1} ? r.start : dash::Date{(s.year() / s.month() + months{1}) / 1};
  const dash::Date end_month_start{e.year() / e.month() / 1};
  const bool end_is_month_end = year_month_day{r.end + days{1}}.day() == day{1};
  const dash::Date last_full_month =
      end_is_month_end ? end_month_start : dash::Date{(e.year() / e.month() - months{1}) / 1};
  if (first_full > last_full_month) return {r, none, none};
  const dash::Date after_full =
      dash::Date{(year_month_day{last_full_month}.year() / year_month_day{last_full_month}.month() +
                  months{1}) /
                 1};
  return {{r.start, first_full - days{1}}, {after_full, r.end}, {first_full, last_full_month}};
}

}  // namespace

std::vector<dash::PlatformTotals> DashboardRepository::totals(
    std::int64_t user, const dash::DateRange& range,
    const std::optional<dash::DateRange>& previous) {
  return guarded("dashboard.totals", [&] {
    auto session = pool_.lease();
    const auto rows =
        run_prepared(*session, kTotals,
                     {std::to_string(user), iso(previous ? previous->start : range.start),
                      iso(range.start), iso(range.end)});
    std::vector<dash::PlatformTotals> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out.push_back(
          {rows.integer(i, 0) != 0, rows.text(i, 1), rows.text(i, 2), totals_at(rows, i, 3)});
    }
    return out;
  });
}

dash::PlatformSet DashboardRepository::ad_platforms(std::int64_t user) {
  return guarded("dashboard.ad_platforms", [&] {
    auto session = pool_.lease();
    const auto rows = run_prepared(*session, kAdPlatforms, {std::to_string(user)});
    dash::PlatformSet out;
    for (std::size_t i = 0; i < rows.size(); ++i) out.insert(rows.text(i, 0));
    return out;
  });
}

std::vector<dash::DayTotals> DashboardRepository::daily(std::int64_t user,
                                                        const dash::DateRange& range) {
  return guarded("dashboard.daily", [&] {
    auto session = pool_.lease();
    const auto rows =
        run_prepared(*session, kDays, {std::to_string(user), iso(range.start), iso(range.end)});
    std::vector<dash::DayTotals> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out.push_back({dash::Date{std::chrono::days{rows.integer(i, 0)}}, rows.text(i, 1),
                     rows.text(i, 2), totals_at(rows, i, 3)});
    }
    return out;
  });
}

std::vector<dash::CampaignTotals> DashboardRepository::campaigns(
    std::int64_t user, const dash::DateRange& range, const dash::CampaignFilter& filter) {
  return guarded("dashboard.campaigns", [&] {
    auto session = pool_.lease();
    const CampaignWindows w = campaign_windows(range);
    const auto rows = run_prepared(
        *session, kCampaigns,
        {std::to_string(user), iso(w.head.start), iso(w.head.end), iso(w.tail.start),
         iso(w.tail.end), iso(w.months.start), iso(w.months.end), filter.platform.value_or(""),
         filter.status.value_or(""), filter.search.value_or(""), filter.currency.value_or("")});
    std::vector<dash::CampaignTotals> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out.push_back({rows.integer(i, 0), rows.text(i, 1), rows.text(i, 2), rows.text(i, 3),
                     rows.text(i, 4), totals_at(rows, i, 5), rows.text(i, 14)});
    }
    return out;
  });
}

std::vector<std::pair<std::int64_t, dash::UserState>> DashboardRepository::user_states(
    const std::vector<std::int64_t>& users) {
  return guarded("dashboard.user_states", [&] {
    auto session = pool_.lease();
    std::string ids = "{";
    for (std::size_t i = 0; i < users.size(); ++i) {
      if (i) ids += ',';
      ids += std::to_string(users[i]);
    }
    ids += '}';
    const auto rows = run_prepared(*session, kUserStates, {ids});
    std::vector<std::pair<std::int64_t, dash::UserState>> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out.emplace_back(rows.integer(i, 0), dash::UserState{rows.integer(i, 1), rows.text(i, 2)});
    }
    return out;
  });
}

}  // namespace roi::store

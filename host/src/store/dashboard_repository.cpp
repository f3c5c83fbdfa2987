#include "store/dashboard_repository.hpp"

#include <soci/soci.h>

#include "store/query_guard.hpp"

namespace roi::store {
namespace {

namespace dash = modules::dashboard;

constexpr std::size_t kBatch = 512;

// Column vectors for a batch of Totals, selected in Totals order.
struct TotalsColumns {
  std::vector<long long> spend, revenue, store, impressions, clicks, conversions;

  TotalsColumns()
      : spend(kBatch), revenue(kBatch), store(kBatch), impressions(kBatch), clicks(kBatch),
        conversions(kBatch) {}
  void bind(soci::statement& st) {
    st.exchange(soci::into(spend));
    st.exchange(soci::into(revenue));
    st.exchange(soci::into(store));
    st.exchange(soci::into(impressions));
    st.exchange(soci::into(clicks));
    st.exchange(soci::into(conversions));
  }
  dash::Totals at(std::size_t i) const {
    return {spend[i], revenue[i], store[i], impressions[i], clicks[i], conversions[i]};
  }
  void reset() {
    for (auto* v : {&spend, &revenue, &store, &impressions, &clicks, &conversions}) v->resize(kBatch);
  }
};

// One round trip (PQexecParams) instead of prepare, execute and deallocate.
void prepare_once(soci::statement& st, const std::string& query) {
  st.alloc();
  st.prepare(query, soci::details::st_one_time_query);
}

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
  const dash::Date after_full = dash::Date{
      (year_month_day{last_full_month}.year() / year_month_day{last_full_month}.month() +
       months{1}) / 1};
  return {{r.start, first_full - days{1}}, {after_full, r.end}, {first_full, last_full_month}};
}

// Runs a prepared statement to completion, calling `take(i)` for each row of each batch and
// `reset()` before fetching the next batch (SOCI shrinks vectors to the rows fetched).
template <typename Take, typename Reset>
void fetch_all(soci::statement& st, std::vector<long long>& probe, Take take, Reset reset) {
  st.define_and_bind();
  if (!st.execute(true)) return;
  do {
    for (std::size_t i = 0; i < probe.size(); ++i) take(i);
    reset();
  } while (st.fetch());
}

}  // namespace

std::vector<dash::PlatformTotals> DashboardRepository::totals(
    std::int64_t user, const dash::DateRange& range, const std::optional<dash::DateRange>& previous) {
  return guarded("dashboard.totals", [&] {
    auto session = pool_.lease();
    const std::string from = iso(previous ? previous->start : range.start);
    const std::string start = iso(range.start);
    const std::string end = iso(range.end);
    long long uid = user;
    std::vector<int> is_previous(kBatch);
    std::vector<std::string> platform(kBatch), currency(kBatch);
    TotalsColumns sums;
    soci::statement st(*session);
    prepare_once(st, "SELECT * FROM dashboard_totals(:user, CAST(:from_day AS date),"
                     " CAST(:start_day AS date), CAST(:end_day AS date)) ORDER BY 1, 2, 3");
    st.exchange(soci::into(is_previous));
    st.exchange(soci::into(platform));
    st.exchange(soci::into(currency));
    sums.bind(st);
    st.exchange(soci::use(uid));
    st.exchange(soci::use(from));
    st.exchange(soci::use(start));
    st.exchange(soci::use(end));
    std::vector<dash::PlatformTotals> rows;
    fetch_all(
        st, sums.spend,
        [&](std::size_t i) {
          rows.push_back({is_previous[i] != 0, platform[i], currency[i], sums.at(i)});
        },
        [&] {
          is_previous.resize(kBatch);
          platform.resize(kBatch);
          currency.resize(kBatch);
          sums.reset();
        });
    return rows;
  });
}

std::vector<dash::DayTotals> DashboardRepository::daily(std::int64_t user,
                                                        const dash::DateRange& range) {
  return guarded("dashboard.daily", [&] {
    auto session = pool_.lease();
    const std::string start = iso(range.start);
    const std::string end = iso(range.end);
    long long uid = user;
    std::vector<int> day(kBatch);
    std::vector<std::string> platform(kBatch), currency(kBatch);
    TotalsColumns sums;
    soci::statement st(*session);
    prepare_once(st, "SELECT * FROM dashboard_days(:user, CAST(:start_day AS date),"
                     " CAST(:end_day AS date)) ORDER BY 1, 2, 3");
    st.exchange(soci::into(day));
    st.exchange(soci::into(platform));
    st.exchange(soci::into(currency));
    sums.bind(st);
    st.exchange(soci::use(uid));
    st.exchange(soci::use(start));
    st.exchange(soci::use(end));
    std::vector<dash::DayTotals> rows;
    fetch_all(
        st, sums.spend,
        [&](std::size_t i) {
          rows.push_back({dash::Date{std::chrono::days{day[i]}}, platform[i], currency[i],
                          sums.at(i)});
        },
        [&] {
          day.resize(kBatch);
          platform.resize(kBatch);
          currency.resize(kBatch);
          sums.reset();
        });
    return rows;
  });
}

std::vector<dash::CampaignTotals> DashboardRepository::campaigns(
    std::int64_t user, const dash::DateRange& range, const dash::CampaignFilter& filter) {
  return guarded("dashboard.campaigns", [&] {
    auto session = pool_.lease();
    const CampaignWindows w = campaign_windows(range);
    const std::string head_start = iso(w.head.start), head_end = iso(w.head.end);
    const std::string tail_start = iso(w.tail.start), tail_end = iso(w.tail.end);
    const std::string month_start = iso(w.months.start), month_end = iso(w.months.end);
    const std::string platform_filter = filter.platform.value_or("");
    const std::string status_filter = filter.status.value_or("");
    const std::string search = filter.search.value_or("");
    long long uid = user;
    std::vector<long long> id(kBatch);
    std::vector<std::string> name(kBatch), platform(kBatch), status(kBatch), currency(kBatch);
    TotalsColumns sums;
    soci::statement st(*session);
    // Store revenue is not per campaign: selected as zero to keep one Totals shape.
    prepare_once(st,
                 "SELECT id, name, platform, status, currency, spend, revenue, 0::bigint,"
                 " impressions, clicks, conversions FROM dashboard_campaign_sums(:user,"
                 " CAST(:head_start AS date), CAST(:head_end AS date), CAST(:tail_start AS date),"
                 " CAST(:tail_end AS date), CAST(:month_start AS date), CAST(:month_end AS date),"
                 " :platform, :status, :search)");
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(platform));
    st.exchange(soci::into(status));
    st.exchange(soci::into(currency));
    sums.bind(st);
    st.exchange(soci::use(uid));
    for (const std::string* v : {&head_start, &head_end, &tail_start, &tail_end, &month_start,
                                 &month_end, &platform_filter, &status_filter, &search}) {
      st.exchange(soci::use(*v));
    }
    std::vector<dash::CampaignTotals> rows;
    fetch_all(
        st, sums.spend,
        [&](std::size_t i) {
          rows.push_back({id[i], name[i], platform[i], status[i], currency[i], sums.at(i)});
        },
        [&] {
          id.resize(kBatch);
          for (auto* v : {&name, &platform, &status, &currency}) v->resize(kBatch);
          sums.reset();
        });
    return rows;
  });
}

std::vector<std::pair<std::int64_t, modules::dashboard::UserState>> DashboardRepository::user_states(
    const std::vector<std::int64_t>& users) {
  return guarded("dashboard.user_states", [&] {
    auto session = pool_.lease();
    // One array parameter, so a batch of any size is one statement.
    std::string ids = "{";
    for (std::size_t i = 0; i < users.size(); ++i) {
      if (i) ids += ',';
      ids += std::to_string(users[i]);
    }
    ids += '}';
    std::vector<long long> id(kBatch), version(kBatch);
    std::vector<std::string> zone(kBatch);
    soci::statement st(*session);
    prepare_once(st, "SELECT id, data_version, time_zone FROM users "
                     "WHERE id = ANY(CAST(:ids AS bigint[]))");
    st.exchange(soci::into(id));
    st.exchange(soci::into(version));
    st.exchange(soci::into(zone));
    st.exchange(soci::use(ids));
    std::vector<std::pair<std::int64_t, modules::dashboard::UserState>> rows;
    fetch_all(
        st, id, [&](std::size_t i) { rows.emplace_back(id[i], modules::dashboard::UserState{version[i], zone[i]}); },
        [&] {
          id.resize(kBatch);
          version.resize(kBatch);
          zone.resize(kBatch);
        });
    return rows;
  });
}

}  // namespace roi::store

#include "modules/reports/period_summary.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace roi::modules::reports {
namespace {

namespace dash = dashboard;

template <class Row>
bool by_spend(const Row& a, const Row& b, const std::string& name_a, const std::string& name_b) {
  return std::tuple(-a.current.spend_micros, name_a) < std::tuple(-b.current.spend_micros, name_b);
}

}  // namespace

PeriodSummary summarize(dash::DashboardStore& store, std::int64_t user,
                        const dash::DateRange& range) {
  PeriodSummary s;
  s.range = range;
  std::map<std::string, CurrencySection> sections;
  std::map<std::pair<std::string, std::string>, PlatformFigures> platforms;  // (currency, id)
  const auto rows = store.totals(user, range, range.previous());
  for (const auto& r : rows) {
    if (!r.previous && (r.totals.spend_micros != 0 || r.totals.store_revenue_micros != 0)) {
      sections[r.currency].currency = r.currency;
    }
  }
  for (const auto& r : rows) {
    auto it = sections.find(r.currency);
    if (it == sections.end()) continue;
    (r.previous ? it->second.previous : it->second.current) += r.totals;
    // A platform may come in several rows (its spend, the orders attributed to it): all count.
    auto& p = platforms[{r.currency, r.platform}];
    p.platform = r.platform;
    (r.previous ? p.previous : p.current) += r.totals;
  }
  for (auto& [key, p] : platforms) {
    if (p.current.spend_micros != 0 || p.previous.spend_micros != 0) {
      sections[key.first].platforms.push_back(std::move(p));
    }
  }

  for (auto& [currency, section] : sections) {
    for (auto d = range.start; d <= range.end; d += std::chrono::days{1}) {
      section.days.push_back({d, {}});
    }
  }
  for (const auto& r : store.daily(user, range)) {
    auto it = sections.find(r.currency);
    if (it == sections.end()) continue;
    it->second.days[static_cast<std::size_t>((r.date - range.start).count())].totals += r.totals;
  }

  std::map<std::int64_t, dash::Totals> before;
  for (const auto& c : store.campaigns(user, range.previous(), {})) before[c.id] = c.totals;
  for (const auto& c : store.campaigns(user, range, {})) {
    auto it = sections.find(c.currency);
    if (it == sections.end() || c.totals.spend_micros == 0) continue;
    it->second.campaigns.push_back({c.name, c.platform, c.account, c.totals, before[c.id]});
  }

  for (auto& [currency, section] : sections) {
    std::sort(section.platforms.begin(), section.platforms.end(),
              [](const auto& a, const auto& b) { return by_spend(a, b, a.platform, b.platform); });
    std::sort(section.campaigns.begin(), section.campaigns.end(),
              [](const auto& a, const auto& b) { return by_spend(a, b, a.name, b.name); });
    s.sections.push_back(std::move(section));
  }
  std::sort(s.sections.begin(), s.sections.end(), [](const auto& a, const auto& b) {
    return std::tuple(-a.current.spend_micros, -a.current.store_revenue_micros, a.currency) <
           std::tuple(-b.current.spend_micros, -b.current.store_revenue_micros, b.currency);
  });
  return s;
}

}  // namespace roi::modules::reports

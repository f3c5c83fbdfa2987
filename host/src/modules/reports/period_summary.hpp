// The figures a report is made of, read through the dashboard's store (the same rollups and
// sums the dashboard shows): totals against the previous period, platforms, days, campaigns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/json.hpp"
#include "modules/dashboard/dashboard_store.hpp"

namespace roi::modules::reports {

struct NamedTotals {
  std::string name;
  std::string platform;
  dashboard::Totals totals;
};

struct DayFigures {
  dashboard::Date date;
  dashboard::Totals totals;
};

// One currency's view of a period. Amounts in different currencies are never added, so a
// report covers the currency the user spent most in (`other_currencies` names the rest).
struct PeriodSummary {
  dashboard::DateRange range;
  std::string currency;  // empty when the period has no data
  std::vector<std::string> other_currencies;
  dashboard::Totals current;
  dashboard::Totals previous;
  std::vector<NamedTotals> platforms;  // by spend, largest first
  std::vector<DayFigures> days;        // every day of the range, zero-filled
  std::vector<NamedTotals> campaigns;  // with spend in the range, by spend, largest first
};

PeriodSummary summarize(dashboard::DashboardStore& store, std::int64_t user,
                        const dashboard::DateRange& range);

// "1,234.56 USD" from micros (rounded to cents).
std::string format_money(std::int64_t micros, const std::string& currency);

// The summary as the AI service receives it (docs/AI_SERVICE.md).
void write_summary(api::JsonWriter& out, const PeriodSummary& s, std::size_t max_campaigns);

}  // namespace roi::modules::reports

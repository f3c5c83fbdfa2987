// The figures a report is made of, read through the dashboard's store (the same rollups and
// sums the dashboard shows): per currency, totals against the previous period, platforms,
// days and campaigns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/json.hpp"
#include "modules/dashboard/dashboard_store.hpp"

namespace roi::modules::reports {

struct PlatformFigures {
  std::string platform;
  dashboard::Totals current;
  dashboard::Totals previous;
};

struct DayFigures {
  dashboard::Date date;
  dashboard::Totals totals;
};

struct CampaignFigures {
  std::string name;
  std::string platform;
  std::string account;
  dashboard::Totals current;
  dashboard::Totals previous;
};

// One currency's figures. Amounts in different currencies are never added: a report has one
// section per currency with spend or store revenue in the period.
struct CurrencySection {
  std::string currency;
  dashboard::Totals current;
  dashboard::Totals previous;
  std::vector<PlatformFigures> platforms;  // ad platforms with spend in either period, by spend
  std::vector<DayFigures> days;            // every day of the range, zero-filled
  std::vector<CampaignFigures> campaigns;  // with spend in the range, by spend, largest first
};

struct PeriodSummary {
  dashboard::DateRange range;
  // By spend, then store revenue, largest first; empty when the period has neither.
  std::vector<CurrencySection> sections;
};

PeriodSummary summarize(dashboard::DashboardStore& store, std::int64_t user,
                        const dashboard::DateRange& range);

}  // namespace roi::modules::reports

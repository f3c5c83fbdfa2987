// The example platform's data: two ad accounts with campaigns and a year of daily numbers,
// computed from the date so that it needs no files, formatted as a platform API would send it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace example {

struct RawAccount {
  std::string id, name, currency, time_zone;
};

struct RawCampaign {
  std::string account_id, id, name, status;
};

// Amounts as decimal strings, as most ad APIs send them.
struct RawDay {
  std::string campaign_id;
  long long impressions, clicks;
  std::string spend, conversions, revenue;
};

const std::vector<RawAccount>& accounts();
std::vector<RawCampaign> campaigns(const std::string& account_id);
std::vector<RawDay> day(const std::string& account_id, std::chrono::year_month_day date);

}  // namespace example

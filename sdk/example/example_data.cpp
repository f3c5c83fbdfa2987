#include "example_data.hpp"

#include <cstdio>

namespace example {
namespace {

std::string decimal(long long cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", cents / 100, cents % 100);
  return buf;
}

}  // namespace

const std::vector<RawAccount>& accounts() {
  static const std::vector<RawAccount> all = {
      {"ex-100", "Example Shoes EU", "EUR", "Europe/Berlin"},
      {"ex-200", "Example Shoes US", "USD", "America/New_York"},
  };
  return all;
}

std::vector<RawCampaign> campaigns(const std::string& account_id) {
  return {{account_id, account_id + "-search", "Search - Brand", "ENABLED"},
          {account_id, account_id + "-display", "Display - Prospecting", "PAUSED"}};
}

std::vector<RawDay> day(const std::string& account_id, std::chrono::year_month_day date) {
  const long long n = std::chrono::sys_days(date).time_since_epoch().count();
  std::vector<RawDay> out;
  long long salt = 0;
  for (const auto& c : campaigns(account_id)) {
    const long long impressions = 1000 + (n * 37 + salt) % 500;
    const long long clicks = impressions / 20 + (n + salt) % 7;
    const long long spend_cents = clicks * 45 + (n % 13);
    out.push_back({c.id, impressions, clicks, decimal(spend_cents), decimal(clicks * 3),
                   decimal(spend_cents * 3 + salt)});
    salt += 101;
  }
  return out;
}

}  // namespace example

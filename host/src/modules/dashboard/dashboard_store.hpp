// What the dashboard reads from storage: rollup sums per platform and currency, per day, and
// per campaign, always for one user. Implemented over Postgres in store/dashboard_repository.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modules/dashboard/date_range.hpp"
#include "modules/dashboard/totals_data.hpp"

namespace roi::modules::dashboard {

// Ad platforms report spend; the others (stores) report orders. Platform filters select among
// ad platforms only: store revenue belongs to the whole business and is never filtered out.
// Which platforms are ad platforms the user's own data says (DashboardStore::ad_platforms), not
// the loaded connectors: a connector may be gone while its rows remain.
using PlatformSet = std::set<std::string, std::less<>>;

struct PlatformTotals {
  bool previous = false;  // true: the row belongs to the comparison period
  std::string platform;
  std::string currency;
  Totals totals;
};

struct DayTotals {
  Date date;
  std::string platform;
  std::string currency;
  Totals totals;
};

struct CampaignTotals {
  std::int64_t id = 0;
  std::string name;
  std::string platform;
  std::string status;
  std::string currency;
  Totals totals;
  std::string account;  // the integration's account name, else its id
};

struct CampaignFilter {
  std::optional<std::string> platform;
  std::optional<std::string> status;
  std::optional<std::string> search;  // case-insensitive substring of the name
  std::optional<std::string> currency;
};

// What decides whether a cached answer still holds, and which days orders fall on.
struct UserState {
  std::int64_t data_version = 0;  // bumped by every commit that changes the user's figures
  std::string time_zone = "UTC";
};

class DashboardStore {
 public:
  virtual ~DashboardStore() = default;

  // Sums over `range` (and over `previous` when given, flagged) per platform and currency.
  virtual std::vector<PlatformTotals> totals(std::int64_t user, const DateRange& range,
                                             const std::optional<DateRange>& previous) = 0;
  // Sums per day, platform and currency; days without rows are absent.
  virtual std::vector<DayTotals> daily(std::int64_t user, const DateRange& range) = 0;
  // Every campaign matching the filter, with its sums over `range` (zero when it had none).
  virtual std::vector<CampaignTotals> campaigns(std::int64_t user, const DateRange& range,
                                                const CampaignFilter& filter) = 0;
  // The platforms of the user's integrations that have ad campaigns.
  virtual PlatformSet ad_platforms(std::int64_t user) = 0;
  // Each user's state; users without a row are left out.
  virtual std::vector<std::pair<std::int64_t, UserState>> user_states(
      const std::vector<std::int64_t>& users) = 0;
};

}  // namespace roi::modules::dashboard

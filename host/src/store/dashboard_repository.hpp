// dashboard::DashboardStore over Postgres: calls the read functions of sql/0005_dashboard.sql
// (rollups, and daily_metrics for partial months of campaign rows), each bound to one user.
#pragma once

#include "modules/dashboard/dashboard_store.hpp"
#include "store/pool.hpp"

namespace roi::store {

class DashboardRepository final : public modules::dashboard::DashboardStore {
 public:
  explicit DashboardRepository(Pool& pool) : pool_(pool) {}

  std::vector<modules::dashboard::PlatformTotals> totals(
      std::int64_t user, const modules::dashboard::DateRange& range,
      const std::optional<modules::dashboard::DateRange>& previous) override;
  std::vector<modules::dashboard::DayTotals> daily(
      std::int64_t user, const modules::dashboard::DateRange& range) override;
  std::vector<modules::dashboard::CampaignTotals> campaigns(
      std::int64_t user, const modules::dashboard::DateRange& range,
      const modules::dashboard::CampaignFilter& filter) override;
  modules::dashboard::PlatformSet ad_platforms(std::int64_t user) override;
  std::vector<std::pair<std::int64_t, modules::dashboard::UserState>> user_states(
      const std::vector<std::int64_t>& users) override;

 private:
  Pool& pool_;
};

}  // namespace roi::store

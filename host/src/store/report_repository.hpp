// reports::ReportStore over Postgres: the reports table (sql/0001, 0006, 0021) and the monthly
// generation count (sql/0016). The worker's claim uses FOR UPDATE SKIP LOCKED under a lease and
// records its host's owner number (as the sync queue does), so several hosts never run the same
// report and a dead host's report is taken over.
#pragma once

#include "modules/reports/report_store.hpp"
#include "store/pool.hpp"

namespace roi::store {

class ReportRepository final : public modules::reports::ReportStore {
 public:
  // A report whose claim lapsed after `max_attempts` claims is failed instead of claimed again.
  ReportRepository(Pool& pool, int max_attempts) : pool_(pool), max_attempts_(max_attempts) {}

  std::optional<modules::reports::Report> create(std::int64_t user, const std::string& name,
                                                 const modules::dashboard::DateRange& range,
                                                 std::optional<int> allowance) override;
  std::vector<modules::reports::Report> list(std::int64_t user, int limit,
                                             std::optional<std::int64_t> before_id) override;
  std::optional<modules::reports::Report> find(std::int64_t user, std::int64_t id) override;
  std::optional<std::optional<std::string>> remove(std::int64_t user, std::int64_t id) override;
  std::optional<modules::reports::Report> claim_next(const std::string& worker, std::int32_t owner,
                                                     std::chrono::seconds lease) override;
  bool hold(std::int64_t id, const std::string& worker, std::chrono::seconds lease) override;
  modules::reports::Stored finish(std::int64_t id, const std::string& worker,
                                  const modules::reports::Outcome& outcome) override;
  void fail(std::int64_t id, const std::string& worker) override;
  std::optional<std::pair<std::string, std::string>> reusable_insights(
      std::int64_t user, const modules::dashboard::DateRange& range,
      std::int64_t data_version) override;

 private:
  Pool& pool_;
  int max_attempts_;
};

}  // namespace roi::store

// What the reports module reads and writes in storage: the user's reports, the worker's claim
// on queued ones and the insights a ready report holds. Implemented in store/report_repository.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/dashboard/date_range.hpp"

namespace roi::modules::reports {

struct Report {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  dashboard::DateRange range;
  std::string status;  // queued | running | ready | failed
  std::optional<std::string> insights_json;
  std::optional<std::string> insights_source;  // ai | builtin
  std::optional<std::string> pdf_path;
  std::string created_at;  // ISO 8601, UTC
};

// What became of a finished report's outcome.
enum class Stored {
  Ready,    // stored: the report is ready
  Deleted,  // the user deleted the report while its job ran
  Lost,     // another worker took the report over (this claim lapsed): its outcome counts
};

// What the job stores on a finished report.
struct Outcome {
  std::string insights_json;
  std::string insights_source;
  std::int64_t data_version = 0;
  std::string pdf_path;
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;

  // Counts the generation against this month's `allowance` (nullopt: unlimited) and inserts the
  // report, in one transaction; nullopt, and nothing counted, when the allowance is used up.
  virtual std::optional<Report> create(std::int64_t user, const std::string& name,
                                       const dashboard::DateRange& range,
                                       std::optional<int> allowance) = 0;
  // Newest first; `before_id` continues after the last id of the previous page.
  virtual std::vector<Report> list(std::int64_t user, int limit,
                                   std::optional<std::int64_t> before_id) = 0;
  virtual std::optional<Report> find(std::int64_t user, std::int64_t id) = 0;
  // The deleted report's pdf path (if any), or nullopt when the user has no such report.
  virtual std::optional<std::optional<std::string>> remove(std::int64_t user, std::int64_t id) = 0;

  // Worker side, shared by every host on the database. Claims the oldest report waiting for a
  // worker for `worker` (a name unique among all hosts' report threads) of the host process
  // `owner` (its OwnerLock number) until `lease` from now, and marks it running; nullopt when none
  // is waiting. Waiting: queued, or running under a claim that lapsed or whose host process died
  // (its owner lock is free); such a report past its attempts is failed instead. SKIP LOCKED: two
  // workers never claim the same report.
  virtual std::optional<Report> claim_next(const std::string& worker, std::int32_t owner,
                                           std::chrono::seconds lease) = 0;
  // Extends `worker`'s claim to `lease` from now; false when the claim is gone (another worker
  // took the report over, or it was deleted).
  virtual bool hold(std::int64_t id, const std::string& worker, std::chrono::seconds lease) = 0;
  // Stores the outcome if `worker` still holds the report.
  virtual Stored finish(std::int64_t id, const std::string& worker, const Outcome& outcome) = 0;
  // Marks the report failed if `worker` still holds it.
  virtual void fail(std::int64_t id, const std::string& worker) = 0;
  // Insights (json, source) of a ready report of this user and range computed from this data
  // version, if any.
  virtual std::optional<std::pair<std::string, std::string>> reusable_insights(
      std::int64_t user, const dashboard::DateRange& range, std::int64_t data_version) = 0;
};

}  // namespace roi::modules::reports

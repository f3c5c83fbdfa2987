// Checkpoints and progress for a sync of daily rows that arrive in date order: once a page holds
// a later day, every earlier day is complete, so a resumed sync starts the day after the last one.
#pragma once

#include <chrono>
#include <optional>

#include "roi/sdk/connector.hpp"

namespace roi::sdk::helpers {

class DayCheckpoints {
 public:
  // Starts at request.from, or the day after request.resume_from (a date this class wrote).
  explicit DayCheckpoints(const SyncRequest& request);

  // The first day to fetch; nothing is left when it is after `last_day()`.
  std::chrono::year_month_day first_day() const { return first_; }
  std::chrono::year_month_day last_day() const { return last_; }
  bool nothing_left() const;

  // A row's day. Throws Permanent when it lies outside the range being synced. A day earlier
  // than one already seen means the platform does not order its rows: no more checkpoints
  // until the end, since "every earlier day is complete" no longer holds.
  void saw(std::chrono::year_month_day day);
  // After each page: checkpoints the day before the newest one seen, reports progress.
  void page_done(RecordSink& sink);
  // After the last page: every day is complete.
  void finished(RecordSink& sink);

 private:
  std::chrono::sys_days from_, first_, last_;
  std::optional<std::chrono::sys_days> newest_, checkpointed_;
  bool ordered_ = true;
};

}  // namespace roi::sdk::helpers

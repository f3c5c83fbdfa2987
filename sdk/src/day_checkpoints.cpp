#include "roi/sdk/helpers/day_checkpoints.hpp"

#include "roi/sdk/helpers/numbers.hpp"

namespace roi::sdk::helpers {

using std::chrono::days;
using std::chrono::sys_days;

DayCheckpoints::DayCheckpoints(const SyncRequest& request)
    : from_(request.from), first_(request.from), last_(request.to) {
  if (request.resume_from) {
    const auto done = parse_date(*request.resume_from);
    if (!done) throw permanent("unreadable checkpoint '" + *request.resume_from + "'");
    first_ = std::max(first_, sys_days{*done} + days{1});
  }
}

bool DayCheckpoints::nothing_left() const { return first_ > last_; }

void DayCheckpoints::saw(std::chrono::year_month_day day) {
  const sys_days d{day};
  if (d < first_ || d > last_) {
    throw permanent("the platform sent a row for " + format_date(day) +
                    ", outside the range asked");
  }
  if (newest_ && d < *newest_) ordered_ = false;
  if (!newest_ || d > *newest_) newest_ = d;
}

void DayCheckpoints::page_done(RecordSink& sink) {
  if (ordered_ && newest_ && *newest_ > first_) {
    const sys_days complete = *newest_ - days{1};
    if (!checkpointed_ || complete > *checkpointed_) {
      sink.checkpoint(format_date(complete));
      checkpointed_ = complete;
    }
  }
  const auto start = newest_.value_or(first_);
  sink.progress({(start - from_).count(), (last_ - from_).count() + 1});
}

void DayCheckpoints::finished(RecordSink& sink) {
  sink.checkpoint(format_date(last_));
  sink.progress({(last_ - from_).count() + 1, (last_ - from_).count() + 1});
}

}  // namespace roi::sdk::helpers

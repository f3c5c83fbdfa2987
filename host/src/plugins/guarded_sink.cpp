#include "plugins/guarded_sink.hpp"

#include "connector/output_checks.hpp"
#include "text/utf8.hpp"

namespace roi::plugins {

template <typename Record, typename Forward>
void GuardedSink::pass(const Record& record, Forward forward) noexcept {
  if (auto problem = check(record)) {
    if (!problem_) problem_ = std::move(problem);
    return;
  }
  forward(target_);
}

void GuardedSink::campaign(const sdk::Campaign& c) noexcept {
  pass(c, [&](sdk::RecordSink& t) { t.campaign(c); });
}

void GuardedSink::daily_metric(const sdk::DailyMetric& m) noexcept {
  pass(m, [&](sdk::RecordSink& t) { t.daily_metric(m); });
}

void GuardedSink::order(const sdk::Order& o) noexcept {
  pass(o, [&](sdk::RecordSink& t) { t.order(o); });
}

void GuardedSink::checkpoint(std::string_view cursor) noexcept {
  // A checkpoint after a dropped record would let a resumed sync skip it.
  if (problem_) return;
  if (cursor.size() > 4096 || !text::is_valid_utf8(cursor)) {
    problem_ = "checkpoint is not valid UTF-8 of at most 4096 bytes";
    return;
  }
  target_.checkpoint(cursor);
}

void GuardedSink::progress(const sdk::Progress& p) noexcept {
  if (p.done >= 0 && p.total >= 0) target_.progress(p);
}

}  // namespace roi::plugins

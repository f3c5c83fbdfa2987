#include "recording_sink.hpp"

#include <set>

#include "connector/output_checks.hpp"

namespace roi::connector_check {
namespace {

constexpr std::size_t kProblemsKept = 5;

void add(StoredData& data, const sdk::Campaign& c) {
  data.campaigns[{c.account_id, c.id}] = c.name;
}

void add(StoredData& data, const sdk::DailyMetric& m) {
  data.metrics[{m.account_id, m.campaign_id, static_cast<int>(m.date.year()),
                static_cast<unsigned>(m.date.month()), static_cast<unsigned>(m.date.day())}] = {
      m.impressions,
      m.clicks,
      m.spend.micros,
      m.spend.currency,
      m.conversions_micros,
      m.conversion_value.micros,
      m.conversion_value.currency};
}

void add(StoredData& data, const sdk::Order& o) {
  data.orders[{o.account_id, o.id}] = {o.total.micros, o.total.currency, static_cast<int>(o.status),
                                       o.placed_at.time_since_epoch().count()};
}

}  // namespace

void RecordingSink::problem(const std::string& what) {
  ++invalid_;
  if (problems_.size() < kProblemsKept) problems_.push_back(what);
}

void RecordingSink::campaign(const sdk::Campaign& c) noexcept {
  try {
    if (auto p = plugins::check(c)) problem("campaign '" + c.id + "': " + *p);
    campaigns_.push_back(c);
  } catch (const std::exception&) {
    ++invalid_;  // out of memory: the counts say something is wrong
  }
}

void RecordingSink::daily_metric(const sdk::DailyMetric& m) noexcept {
  try {
    if (auto p = plugins::check(m)) problem("row of campaign '" + m.campaign_id + "': " + *p);
    metrics_.push_back(m);
  } catch (const std::exception&) {
    ++invalid_;
  }
}

void RecordingSink::order(const sdk::Order& o) noexcept {
  try {
    if (auto p = plugins::check(o)) problem("order '" + o.id + "': " + *p);
    orders_.push_back(o);
  } catch (const std::exception&) {
    ++invalid_;
  }
}

void RecordingSink::checkpoint(std::string_view cursor) noexcept {
  try {
    checkpoints_.push_back(
        {std::string(cursor), campaigns_.size(), metrics_.size(), orders_.size()});
  } catch (const std::exception&) {
    ++invalid_;
  }
}

void RecordingSink::progress(const sdk::Progress& p) noexcept {
  if (p.done < 0 || p.total < 0 || (p.total > 0 && p.done > p.total)) {
    try {
      problem("progress " + std::to_string(p.done) + " of " + std::to_string(p.total));
    } catch (const std::exception&) {
      ++invalid_;
    }
  }
  progress_ = p;
}

StoredData RecordingSink::upsert(std::size_t campaigns, std::size_t metrics,
                                 std::size_t orders) const {
  StoredData out;
  for (std::size_t i = 0; i < campaigns; ++i) add(out, campaigns_[i]);
  for (std::size_t i = 0; i < metrics; ++i) add(out, metrics_[i]);
  for (std::size_t i = 0; i < orders; ++i) add(out, orders_[i]);
  return out;
}

StoredData RecordingSink::stored() const {
  return upsert(campaigns_.size(), metrics_.size(), orders_.size());
}

StoredData RecordingSink::stored_before(std::size_t index) const {
  const auto& c = checkpoints_.at(index);
  return upsert(c.campaigns, c.metrics, c.orders);
}

void RecordingSink::upsert_into(StoredData& base) const {
  for (const auto& c : campaigns_) add(base, c);
  for (const auto& m : metrics_) add(base, m);
  for (const auto& o : orders_) add(base, o);
}

std::size_t RecordingSink::orphan_metrics() const {
  std::set<std::pair<std::string, std::string>> known;
  for (const auto& c : campaigns_) known.emplace(c.account_id, c.id);
  std::size_t orphans = 0;
  for (const auto& m : metrics_) orphans += known.contains({m.account_id, m.campaign_id}) ? 0 : 1;
  return orphans;
}

}  // namespace roi::connector_check

// The RecordSink a checked sync writes into: every record goes through the host's own checks,
// and the log of records with the checkpoints between them lets a resumed sync be compared with
// the uninterrupted one, as the host's upserts would merge them.
#pragma once

#include <cstddef>
#include <map>
#include <roi/sdk/record_sink.hpp>
#include <string>
#include <tuple>
#include <vector>

namespace roi::connector_check {

// What the host keeps once records are upserted: rows by (account, campaign, day), orders by
// (account, id), campaigns by (account, id), each with the figures last received.
struct StoredData {
  using MetricKey = std::tuple<std::string, std::string, int, unsigned, unsigned>;
  using Figures = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::string, std::int64_t,
                             std::int64_t, std::string>;
  std::map<MetricKey, Figures> metrics;
  std::map<std::pair<std::string, std::string>, std::string> campaigns;  // → name
  std::map<std::pair<std::string, std::string>,
           std::tuple<std::int64_t, std::string, int, std::int64_t>>
      orders;

  bool operator==(const StoredData&) const = default;
};

class RecordingSink final : public sdk::RecordSink {
 public:
  struct Checkpoint {
    std::string cursor;
    std::size_t campaigns = 0, metrics = 0, orders = 0;  // records received before it
  };

  void campaign(const sdk::Campaign& campaign) noexcept override;
  void daily_metric(const sdk::DailyMetric& metric) noexcept override;
  void order(const sdk::Order& order) noexcept override;
  void checkpoint(std::string_view cursor) noexcept override;
  void progress(const sdk::Progress& progress) noexcept override;

  // Everything received, upserted; or only what came before checkpoint `index`.
  StoredData stored() const;
  StoredData stored_before(std::size_t index) const;
  // Upserts this sink's records over `base`, as a resumed sync's land over what was stored.
  void upsert_into(StoredData& base) const;

  const std::vector<Checkpoint>& checkpoints() const { return checkpoints_; }
  const std::vector<std::string>& problems() const { return problems_; }  // the first few
  std::size_t invalid_records() const { return invalid_; }
  std::size_t campaign_count() const { return campaigns_.size(); }
  std::size_t metric_count() const { return metrics_.size(); }
  std::size_t order_count() const { return orders_.size(); }
  // Metrics whose campaign was never sent: the host could not show them by campaign.
  std::size_t orphan_metrics() const;
  const sdk::Progress& last_progress() const { return progress_; }

 private:
  void problem(const std::string& what);
  StoredData upsert(std::size_t campaigns, std::size_t metrics, std::size_t orders) const;

  std::vector<sdk::Campaign> campaigns_;
  std::vector<sdk::DailyMetric> metrics_;
  std::vector<sdk::Order> orders_;
  std::vector<Checkpoint> checkpoints_;
  std::vector<std::string> problems_;
  std::size_t invalid_ = 0;
  sdk::Progress progress_;
};

}  // namespace roi::connector_check

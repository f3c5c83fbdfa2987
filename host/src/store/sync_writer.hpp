// Where a running sync's records go: buffered, then upserted in bulk together with the dashboard
// rollups, the job's checkpoint and its progress in one transaction (the ARCHITECTURE contract).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <roi/sdk/record_sink.hpp>

#include "store/change_feed.hpp"
#include "store/pool.hpp"

namespace roi::store {

struct WriterTarget {
  std::int64_t job_id = 0;
  std::int64_t integration_id = 0;
  std::string platform;
  std::string currency;  // the account's; campaigns carry it
  std::string worker;    // the lease holder; a chunk commits only while it still holds the job
  std::chrono::seconds lease{0};
};

class SyncWriter final : public sdk::RecordSink {
 public:
  // Each chunk returns once `changes` has heard of its commit (ChangeFeed::settle).
  SyncWriter(Pool& pool, ChangeFeed& changes, WriterTarget target, std::size_t chunk_rows);

  void campaign(const sdk::Campaign& campaign) noexcept override;
  void daily_metric(const sdk::DailyMetric& metric) noexcept override;
  void order(const sdk::Order& order) noexcept override;
  void checkpoint(std::string_view cursor) noexcept override;
  void progress(const sdk::Progress& progress) noexcept override;

  // Writes what is still buffered. Throws the first write failure, or when the lease was lost.
  void finish();
  // Drops what arrived after the last committed checkpoint and returns that checkpoint (none
  // when this writer committed none): a call that failed part-way is asked again from there.
  std::optional<std::string> rewind();

 private:
  struct MetricRow {
    std::string campaign;
    std::int32_t day = 0;  // days since the epoch
    std::int64_t impressions, clicks, spend, conversions_milli, revenue;
  };
  struct OrderRow {
    std::string id;
    std::int64_t placed_at;
    std::string currency;
    std::int64_t gross, refunds;
    std::string utm_source, utm_medium, utm_campaign;
  };

  void write(const std::optional<std::string>& cursor);  // the caller holds mutex_
  void guard(const std::optional<std::string>& cursor) noexcept;
  void drop_buffered();  // the caller holds mutex_
  std::size_t buffered() const { return campaigns_.size() + metrics_.size() + orders_.size(); }

  Pool& pool_;
  ChangeFeed& changes_;
  WriterTarget target_;
  std::size_t chunk_rows_;
  mutable std::mutex mutex_;
  std::vector<sdk::Campaign> campaigns_;
  std::vector<MetricRow> metrics_;
  std::vector<OrderRow> orders_;
  sdk::Progress progress_;
  std::int64_t rows_read_ = 0;
  std::optional<std::string> committed_;  // the last checkpoint stored
  std::optional<std::string> failure_;
};

}  // namespace roi::store

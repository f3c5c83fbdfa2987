// Where a running sync's records go: buffered, then upserted in bulk together with the dashboard
// rollups, the job's latest checkpoint and its progress in one transaction (the ARCHITECTURE
// contract). A chunk commits on a thread of its own while the connector fetches the next pages.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/change_feed.hpp"
#include "store/order_row.hpp"
#include "store/pool.hpp"
#include "sync/ports.hpp"

namespace roi::store {

class SyncWriter final : public sync::RecordWriter {
 public:
  // Each chunk's commit is followed by ChangeFeed::settle, so this process's dashboard shows it
  // from the next request on.
  SyncWriter(Pool& pool, ChangeFeed& changes, sync::WriterTarget target, std::size_t chunk_rows);
  // Waits for a chunk still being written.
  ~SyncWriter() override;

  void campaign(const sdk::Campaign& campaign) noexcept override;
  void daily_metric(const sdk::DailyMetric& metric) noexcept override;
  void order(const sdk::Order& order) noexcept override;
  void checkpoint(std::string_view cursor) noexcept override;
  void progress(const sdk::Progress& progress) noexcept override;

  void finish() override;
  std::optional<std::string> rewind() override;

 private:
  struct MetricRow {
    std::string campaign;
    std::int32_t day = 0;  // days since the epoch
    std::int64_t impressions, clicks, spend, conversions_milli, revenue;
  };
  // What one transaction writes.
  struct Chunk {
    std::vector<sdk::Campaign> campaigns;
    std::vector<MetricRow> metrics;
    std::vector<OrderRow> orders;
    std::optional<std::string> checkpoint;  // the latest one, committed with the next chunk
    sdk::Progress progress;
    std::int64_t rows_read = 0;
    std::size_t rows() const { return campaigns.size() + metrics.size() + orders.size(); }
  };

  // Hands the buffered chunk to a writer thread once the one before it has committed (commits
  // stay in order, at most two chunks are held). The caller holds mutex_.
  void flush() noexcept;
  // Waits for the chunk being written and records its failure, or its checkpoint as committed.
  // The caller holds mutex_.
  void await_written() noexcept;
  void write(Chunk& chunk) const;
  // The chunk's metric rows, sorted by campaign and day; returns the rows written.
  std::int64_t write_metrics(soci::session& session, const std::vector<MetricRow>& rows) const;

  Pool& pool_;
  ChangeFeed& changes_;
  const sync::WriterTarget target_;
  const std::size_t chunk_rows_;
  mutable std::mutex mutex_;
  Chunk buffer_;
  std::chrono::steady_clock::time_point last_flush_;
  std::optional<std::string> failure_;
  std::optional<std::string> writing_checkpoint_;  // the checkpoint of the chunk being written
  std::optional<std::string> committed_;           // the last checkpoint stored
  std::future<void> writing_;                      // last: it may still use the members above
};

// sync::RecordStore: a SyncWriter per run.
class SyncWriters final : public sync::RecordStore {
 public:
  SyncWriters(Pool& pool, ChangeFeed& changes) : pool_(pool), changes_(changes) {}

  std::unique_ptr<sync::RecordWriter> writer(const sync::WriterTarget& target,
                                             std::size_t chunk_rows) override {
    return std::make_unique<SyncWriter>(pool_, changes_, target, chunk_rows);
  }

 private:
  Pool& pool_;
  ChangeFeed& changes_;
};

}  // namespace roi::store

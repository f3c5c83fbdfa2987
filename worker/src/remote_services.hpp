// What a connector in a worker gets as HostServices and RecordSink: HTTP, log lines and settings
// are asked of roi-host over the socket; records are batched and streamed to it. Cancellation is
// the call's own deadline or the host's Cancel notice; the clock is the machine's, as the host's.
#pragma once

#include <chrono>
#include <mutex>
#include <roi/sdk/host_services.hpp>
#include <roi/sdk/record_sink.hpp>

#include "host_link.hpp"

namespace roi::worker {

// Records travel in batches so a sync costs a write per batch, not per record. A batch goes out
// at a checkpoint or progress report, before any other message, at the end of the call, and when
// it reaches kBatchBytes.
class BatchingSink final : public sdk::RecordSink {
 public:
  static constexpr std::size_t kBatchBytes = 256u << 10;

  explicit BatchingSink(HostLink& link) : link_(link) {}

  void campaign(const sdk::Campaign& campaign) noexcept override;
  void daily_metric(const sdk::DailyMetric& metric) noexcept override;
  void order(const sdk::Order& order) noexcept override;
  void checkpoint(std::string_view cursor) noexcept override;
  void progress(const sdk::Progress& progress) noexcept override;

  // Sends what is batched. Callers hold lock().
  void flush();
  // Connector code may stream from several threads; one lock orders records and messages.
  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }
  std::unique_lock<std::mutex> try_lock() { return std::unique_lock(mutex_, std::try_to_lock); }

 private:
  template <typename Record>
  void add(wire::RecordKind kind, const Record& record, bool send_now);

  HostLink& link_;
  std::mutex mutex_;
  std::optional<wire::Writer> batch_;
};

class RemoteServices final : public sdk::HostServices {
 public:
  RemoteServices(HostLink& link, BatchingSink& sink) : link_(link), sink_(sink) {}

  void begin_call(std::chrono::steady_clock::time_point deadline) { deadline_ = deadline; }

  sdk::HttpResponse http(const sdk::HttpRequest& request) noexcept override;
  void log(sdk::LogLevel level, std::string_view message) noexcept override;
  std::chrono::system_clock::time_point now() const noexcept override;
  std::optional<std::string> setting(std::string_view name) const noexcept override;
  bool cancelled() const noexcept override;

 private:
  HostLink& link_;
  BatchingSink& sink_;
  std::chrono::steady_clock::time_point deadline_;
  mutable std::chrono::steady_clock::time_point last_poll_;
};

}  // namespace roi::worker

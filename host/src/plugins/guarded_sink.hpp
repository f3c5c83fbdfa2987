// Stands between a connector's sync and the host's RecordSink: checks each record, and cuts
// the connector off from the real sink once its call is abandoned (the sink may be gone).
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include <roi/sdk/record_sink.hpp>

namespace roi::plugins {

class GuardedSink final : public sdk::RecordSink {
 public:
  explicit GuardedSink(sdk::RecordSink& target) : target_(&target) {}

  void campaign(const sdk::Campaign& campaign) noexcept override;
  void daily_metric(const sdk::DailyMetric& metric) noexcept override;
  void order(const sdk::Order& order) noexcept override;
  void checkpoint(std::string_view cursor) noexcept override;
  void progress(const sdk::Progress& progress) noexcept override;

  // After this nothing more reaches the target.
  void detach();
  // The first invalid record's problem, if any was dropped.
  std::optional<std::string> first_problem() const;

 private:
  template <typename Record, typename Forward>
  void pass(const Record& record, Forward forward) noexcept;

  mutable std::mutex mutex_;
  sdk::RecordSink* target_;
  std::optional<std::string> problem_;
};

}  // namespace roi::plugins

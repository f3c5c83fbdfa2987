// Stands between a connector's sync and the host's RecordSink: checks each record that arrives
// from the worker and keeps invalid ones (and any checkpoint after them) from the real sink.
#pragma once

#include <optional>
#include <roi/sdk/record_sink.hpp>
#include <string>

namespace roi::plugins {

class GuardedSink final : public sdk::RecordSink {
 public:
  explicit GuardedSink(sdk::RecordSink& target) : target_(target) {}

  void campaign(const sdk::Campaign& campaign) noexcept override;
  void daily_metric(const sdk::DailyMetric& metric) noexcept override;
  void order(const sdk::Order& order) noexcept override;
  void checkpoint(std::string_view cursor) noexcept override;
  void progress(const sdk::Progress& progress) noexcept override;

  // The first invalid record's problem, if any was dropped.
  const std::optional<std::string>& first_problem() const { return problem_; }

 private:
  template <typename Record, typename Forward>
  void pass(const Record& record, Forward forward) noexcept;

  sdk::RecordSink& target_;
  std::optional<std::string> problem_;
};

}  // namespace roi::plugins

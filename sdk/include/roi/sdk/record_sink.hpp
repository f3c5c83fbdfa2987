// Where a sync streams its records. The host stores everything received before a checkpoint in
// one transaction with that checkpoint, so a year of data never sits in memory and a sync resumes.
#pragma once

#include <cstdint>
#include <string_view>

#include "roi/sdk/model.hpp"

namespace roi::sdk {

struct Progress {
  std::int64_t done = 0;
  std::int64_t total = 0;  // 0 when unknown
};

// Implemented by the host; noexcept for the same reason as HostServices.
class RecordSink {
 public:
  virtual void campaign(const Campaign& campaign) noexcept = 0;
  virtual void daily_metric(const DailyMetric& metric) noexcept = 0;
  virtual void order(const Order& order) noexcept = 0;
  // Everything sent so far is complete; a later sync may resume from `cursor` (opaque to the host).
  virtual void checkpoint(std::string_view cursor) noexcept = 0;
  virtual void progress(const Progress& progress) noexcept = 0;

 protected:
  ~RecordSink() = default;
};

}  // namespace roi::sdk

// The in-memory RecordSink the connector probe syncs into: totals a test compares with the
// simulator's expected figures, plus what would betray a connector (duplicates, mixed currencies).
#pragma once

#include <map>
#include <roi/sdk/record_sink.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "api/json.hpp"

namespace roi::probe {

class MemorySink final : public sdk::RecordSink {
 public:
  void campaign(const sdk::Campaign& campaign) noexcept override;
  void daily_metric(const sdk::DailyMetric& metric) noexcept override;
  void order(const sdk::Order& order) noexcept override;
  void checkpoint(std::string_view cursor) noexcept override;
  void progress(const sdk::Progress& progress) noexcept override;

  // {"campaigns","rows","duplicateRows","spendMicros",...,"currencies","orders","checkpoints",
  //  "progress"}; "orders" is
  //  {"count","duplicates","attributed","byCurrency":{"USD":{"orders","netMicros"}}}
  void write(api::JsonWriter& out) const;

 private:
  std::map<std::string, int> campaigns_;  // id → status
  std::set<std::tuple<std::string, int, unsigned, unsigned>> keys_;
  long long duplicates_ = 0, impressions_ = 0, clicks_ = 0;
  long long spend_ = 0, conversions_ = 0, value_ = 0;
  std::set<std::string> currencies_;
  std::set<std::string> order_ids_;
  long long duplicate_orders_ = 0, attributed_orders_ = 0;
  std::map<std::string, std::pair<long long, long long>>
      order_totals_;  // currency → (orders, net micros)
  std::vector<std::string> checkpoints_;
  sdk::Progress progress_;
};

}  // namespace roi::probe

// The additive figures every dashboard view sums, as exact integers (totals.hpp derives and writes
// the ratios). Apart from the rest so the store, which fills them, needs no JSON.
#pragma once

#include <cstdint>

namespace roi::modules::dashboard {

struct Totals {
  std::int64_t spend_micros = 0;
  std::int64_t revenue_micros = 0;        // as the ad platform reports it
  std::int64_t store_revenue_micros = 0;  // store orders, net of refunds
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  std::int64_t conversions_milli = 0;
  // First-party attribution (sql/0019_attribution.sql): store orders matched to this platform or
  // campaign, and the store revenue no campaign was matched to.
  std::int64_t attributed_revenue_micros = 0;
  std::int64_t attributed_orders = 0;
  std::int64_t unexplained_revenue_micros = 0;

  Totals& operator+=(const Totals& o);
};

}  // namespace roi::modules::dashboard

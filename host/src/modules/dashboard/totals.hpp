// The additive figures every dashboard view sums (exact integers) and the ratios derived from
// them when written: ROAS, blended ROAS, CPA, CTR, CPC, attributed ROAS — null when the
// denominator is zero.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "api/json.hpp"
#include "modules/dashboard/totals_data.hpp"

namespace roi::modules::dashboard {

// The figures a caller may ask for by name (trends' `metrics`, campaigns' `sortBy`).
enum class Metric {
  Spend,
  PlatformRevenue,
  StoreRevenue,
  Impressions,
  Clicks,
  Conversions,
  Roas,
  BlendedRoas,
  Cpa,
  Ctr,
  Cpc,
  AttributedRevenue,
  AttributedOrders,
  AttributedRoas,
  UnexplainedRevenue,
};
inline constexpr Metric kAllMetrics[] = {Metric::Spend,
                                         Metric::PlatformRevenue,
                                         Metric::StoreRevenue,
                                         Metric::Impressions,
                                         Metric::Clicks,
                                         Metric::Conversions,
                                         Metric::Roas,
                                         Metric::BlendedRoas,
                                         Metric::Cpa,
                                         Metric::Ctr,
                                         Metric::Cpc,
                                         Metric::AttributedRevenue,
                                         Metric::AttributedOrders,
                                         Metric::AttributedRoas,
                                         Metric::UnexplainedRevenue};

// The input name ("platformRevenue") and the output key ("platformRevenueMicros").
std::string_view metric_name(Metric m);
std::string_view metric_key(Metric m);
std::optional<Metric> metric_from_name(std::string_view name);

// The exact integer a summed metric adds up (micros, a count, thousandths of a conversion);
// nullopt for a ratio.
std::optional<std::int64_t> metric_sum(const Totals& t, Metric m);
// A metric's value as a number: money in micros, conversions in units, ratios as defined.
// nullopt for a ratio whose denominator is zero.
std::optional<double> metric_value(const Totals& t, Metric m);

// Writes "key": value for one metric: money as a decimal string of integer micros, counts as
// integers, conversions and ratios as numbers, a ratio with a zero denominator as null.
void write_metric(api::JsonWriter& out, const Totals& t, Metric m);
// Writes every metric in kAllMetrics order.
void write_all_metrics(api::JsonWriter& out, const Totals& t);

}  // namespace roi::modules::dashboard

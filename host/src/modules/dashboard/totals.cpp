#include "modules/dashboard/totals.hpp"

#include <string>

namespace roi::modules::dashboard {
namespace {

// How a metric is written: a summed figure as its exact integer (money as a decimal string of
// micros, counts as integers); conversions (summed in thousandths) and ratios as numbers.
enum class Form { Micros, Count, Number };

struct MetricNames {
  Metric metric;
  std::string_view name;
  std::string_view key;
  std::int64_t Totals::*sum;  // null for a ratio
  Form form;
};

constexpr MetricNames kNames[] = {
    {Metric::Spend, "spend", "spendMicros", &Totals::spend_micros, Form::Micros},
    {Metric::PlatformRevenue, "platformRevenue", "platformRevenueMicros", &Totals::revenue_micros,
     Form::Micros},
    {Metric::StoreRevenue, "storeRevenue", "storeRevenueMicros", &Totals::store_revenue_micros,
     Form::Micros},
    {Metric::Impressions, "impressions", "impressions", &Totals::impressions, Form::Count},
    {Metric::Clicks, "clicks", "clicks", &Totals::clicks, Form::Count},
    {Metric::Conversions, "conversions", "conversions", &Totals::conversions_milli, Form::Number},
    {Metric::Roas, "roas", "roas", nullptr, Form::Number},
    {Metric::BlendedRoas, "blendedRoas", "blendedRoas", nullptr, Form::Number},
    {Metric::Cpa, "cpa", "cpa", nullptr, Form::Number},
    {Metric::Ctr, "ctr", "ctr", nullptr, Form::Number},
    {Metric::Cpc, "cpc", "cpc", nullptr, Form::Number},
    {Metric::AttributedRevenue, "attributedRevenue", "attributedRevenueMicros",
     &Totals::attributed_revenue_micros, Form::Micros},
    {Metric::AttributedOrders, "attributedOrders", "attributedOrders", &Totals::attributed_orders,
     Form::Count},
    {Metric::AttributedRoas, "attributedRoas", "attributedRoas", nullptr, Form::Number},
    {Metric::UnexplainedRevenue, "unexplainedRevenue", "unexplainedRevenueMicros",
     &Totals::unexplained_revenue_micros, Form::Micros},
};

std::optional<double> ratio(double numerator, std::int64_t denominator, double scale = 1.0) {
  if (denominator == 0) return std::nullopt;
  return numerator / (static_cast<double>(denominator) * scale);
}

}  // namespace

Totals& Totals::operator+=(const Totals& o) {
  spend_micros += o.spend_micros;
  revenue_micros += o.revenue_micros;
  store_revenue_micros += o.store_revenue_micros;
  impressions += o.impressions;
  clicks += o.clicks;
  conversions_milli += o.conversions_milli;
  attributed_revenue_micros += o.attributed_revenue_micros;
  attributed_orders += o.attributed_orders;
  unexplained_revenue_micros += o.unexplained_revenue_micros;
  return *this;
}

std::string_view metric_name(Metric m) { return kNames[static_cast<int>(m)].name; }
std::string_view metric_key(Metric m) { return kNames[static_cast<int>(m)].key; }

std::optional<Metric> metric_from_name(std::string_view name) {
  for (const auto& n : kNames) {
    if (n.name == name) return n.metric;
  }
  return std::nullopt;
}

std::optional<std::int64_t> metric_sum(const Totals& t, Metric m) {
  const auto sum = kNames[static_cast<int>(m)].sum;
  if (sum == nullptr) return std::nullopt;
  return t.*sum;
}

std::optional<double> metric_value(const Totals& t, Metric m) {
  if (const auto sum = metric_sum(t, m)) {
    return m == Metric::Conversions ? static_cast<double>(*sum) / 1000.0
                                    : static_cast<double>(*sum);
  }
  const auto spend = static_cast<double>(t.spend_micros);
  switch (m) {
    case Metric::Roas:
      return ratio(static_cast<double>(t.revenue_micros), t.spend_micros);
    case Metric::BlendedRoas:
      return ratio(static_cast<double>(t.store_revenue_micros), t.spend_micros);
    // CPA and CPC in currency units: micros / 1e6 per conversion (milli / 1e3) or per click.
    case Metric::Cpa:
      return ratio(spend / 1e6, t.conversions_milli, 1e-3);
    case Metric::Ctr:
      return ratio(static_cast<double>(t.clicks), t.impressions);
    case Metric::Cpc:
      return ratio(spend / 1e6, t.clicks);
    case Metric::AttributedRoas:
      return ratio(static_cast<double>(t.attributed_revenue_micros), t.spend_micros);
    default:
      return std::nullopt;
  }
}

void write_metric(api::JsonWriter& out, const Totals& t, Metric m) {
  const MetricNames& n = kNames[static_cast<int>(m)];
  switch (n.form) {
    case Form::Micros:
      api::member(out, n.key, std::to_string(t.*n.sum));
      return;
    case Form::Count:
      api::member(out, n.key, t.*n.sum);
      return;
    case Form::Number:
      api::member(out, n.key, metric_value(t, m));
      return;
  }
}

void write_all_metrics(api::JsonWriter& out, const Totals& t) {
  for (Metric m : kAllMetrics) write_metric(out, t, m);
}

}  // namespace roi::modules::dashboard

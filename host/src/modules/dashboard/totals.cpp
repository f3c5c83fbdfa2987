#include "modules/dashboard/totals.hpp"

#include <string>

namespace roi::modules::dashboard {
namespace {

struct MetricNames {
  Metric metric;
  std::string_view name;
  std::string_view key;
};

constexpr MetricNames kNames[] = {
    {Metric::Spend, "spend", "spendMicros"},
    {Metric::PlatformRevenue, "platformRevenue", "platformRevenueMicros"},
    {Metric::StoreRevenue, "storeRevenue", "storeRevenueMicros"},
    {Metric::Impressions, "impressions", "impressions"},
    {Metric::Clicks, "clicks", "clicks"},
    {Metric::Conversions, "conversions", "conversions"},
    {Metric::Roas, "roas", "roas"},
    {Metric::BlendedRoas, "blendedRoas", "blendedRoas"},
    {Metric::Cpa, "cpa", "cpa"},
    {Metric::Ctr, "ctr", "ctr"},
    {Metric::Cpc, "cpc", "cpc"},
    {Metric::AttributedRevenue, "attributedRevenue", "attributedRevenueMicros"},
    {Metric::AttributedOrders, "attributedOrders", "attributedOrders"},
    {Metric::AttributedRoas, "attributedRoas", "attributedRoas"},
    {Metric::UnexplainedRevenue, "unexplainedRevenue", "unexplainedRevenueMicros"},
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

std::optional<double> metric_value(const Totals& t, Metric m) {
  const auto spend = static_cast<double>(t.spend_micros);
  switch (m) {
    case Metric::Spend:
      return spend;
    case Metric::PlatformRevenue:
      return static_cast<double>(t.revenue_micros);
    case Metric::StoreRevenue:
      return static_cast<double>(t.store_revenue_micros);
    case Metric::Impressions:
      return static_cast<double>(t.impressions);
    case Metric::Clicks:
      return static_cast<double>(t.clicks);
    case Metric::Conversions:
      return static_cast<double>(t.conversions_milli) / 1000.0;
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
    case Metric::AttributedRevenue:
      return static_cast<double>(t.attributed_revenue_micros);
    case Metric::AttributedOrders:
      return static_cast<double>(t.attributed_orders);
    case Metric::AttributedRoas:
      return ratio(static_cast<double>(t.attributed_revenue_micros), t.spend_micros);
    case Metric::UnexplainedRevenue:
      return static_cast<double>(t.unexplained_revenue_micros);
  }
  return std::nullopt;
}

void write_metric(api::JsonWriter& out, const Totals& t, Metric m) {
  const auto key = metric_key(m);
  out.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  switch (m) {
    case Metric::Spend:
      out.String(std::to_string(t.spend_micros));
      return;
    case Metric::PlatformRevenue:
      out.String(std::to_string(t.revenue_micros));
      return;
    case Metric::StoreRevenue:
      out.String(std::to_string(t.store_revenue_micros));
      return;
    case Metric::Impressions:
      out.Int64(t.impressions);
      return;
    case Metric::Clicks:
      out.Int64(t.clicks);
      return;
    case Metric::AttributedRevenue:
      out.String(std::to_string(t.attributed_revenue_micros));
      return;
    case Metric::AttributedOrders:
      out.Int64(t.attributed_orders);
      return;
    case Metric::UnexplainedRevenue:
      out.String(std::to_string(t.unexplained_revenue_micros));
      return;
    default:
      break;
  }
  if (auto v = metric_value(t, m)) {
    out.Double(*v);
  } else {
    out.Null();
  }
}

void write_all_metrics(api::JsonWriter& out, const Totals& t) {
  for (Metric m : kAllMetrics) write_metric(out, t, m);
}

}  // namespace roi::modules::dashboard

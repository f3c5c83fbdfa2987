// dashboard.trends: the requested metrics per day, ISO week (Monday first) or calendar month,
// one series per currency, every bucket of the range present (zeros where nothing happened).
// Days are the user's local days: the rollup buckets orders in the user's time zone.
#include <map>
#include <string>
#include <vector>

#include "modules/dashboard/views.hpp"

namespace roi::modules::dashboard {
namespace {

// The first day of the bucket holding `day`, never before the range start.
Date bucket_start(Date day, const std::string& granularity, Date range_start) {
  using namespace std::chrono;
  Date start = day;
  if (granularity == "week") {
    const weekday wd{day};
    start = day - days{(wd.c_encoding() + 6) % 7};
  } else if (granularity == "month") {
    const year_month_day ymd{day};
    start = Date{ymd.year() / ymd.month() / 1};
  }
  return start < range_start ? range_start : start;
}

}  // namespace

void write_trends(DashboardStore& store, std::int64_t user, const std::string& time_zone,
                  const rapidjson::Value& input, api::JsonWriter& out) {
  const DateRange range = read_range(input);
  const std::string granularity = input["granularity"].GetString();
  std::vector<Metric> metrics;
  for (const auto& name : input["metrics"].GetArray()) {
    metrics.push_back(*metric_from_name(name.GetString()));
  }
  const std::optional<std::string> platform =
      input.HasMember("platform") ? std::optional<std::string>(input["platform"].GetString())
                                  : std::nullopt;

  // bucket_of[i]: the bucket of day range.start + i.
  std::vector<Date> buckets;
  std::vector<std::size_t> bucket_of(static_cast<std::size_t>(range.days()));
  for (int i = 0; i < range.days(); ++i) {
    const Date b = bucket_start(range.start + std::chrono::days{i}, granularity, range.start);
    if (buckets.empty() || buckets.back() != b) buckets.push_back(b);
    bucket_of[static_cast<std::size_t>(i)] = buckets.size() - 1;
  }

  // Stores always count: a platform filter picks one of the ad platforms.
  const PlatformSet ads = platform ? store.ad_platforms(user) : PlatformSet{};
  std::map<std::string, std::vector<Totals>> series;  // by currency
  for (const auto& row : store.daily(user, range)) {
    if (platform && row.platform != *platform && ads.contains(row.platform)) continue;
    auto& points = series[row.currency];
    if (points.empty()) points.resize(buckets.size());
    points[bucket_of[static_cast<std::size_t>((row.date - range.start).count())]] += row.totals;
  }

  out.StartObject();
  api::member(out, "start", format_date(range.start));
  api::member(out, "end", format_date(range.end));
  api::member(out, "granularity", granularity);
  api::member(out, "timeZone", time_zone);
  out.Key("series");
  out.StartArray();
  for (const auto& [currency, points] : series) {
    out.StartObject();
    api::member(out, "currency", currency);
    out.Key("points");
    out.StartArray();
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      out.StartObject();
      api::member(out, "date", format_date(buckets[b]));
      for (Metric m : metrics) write_metric(out, points[b], m);
      out.EndObject();
    }
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

}  // namespace roi::modules::dashboard

// dashboard.overview: totals per currency, a breakdown per platform and currency, and with
// `compare` the previous period of equal length and the relative change of every figure.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "modules/dashboard/views.hpp"

namespace roi::modules::dashboard {
namespace {

// Null when every platform counts; else the ad platforms left out (stores always count).
std::optional<PlatformSet> excluded(DashboardStore& store, std::int64_t user,
                                    const rapidjson::Value& input) {
  if (!input.HasMember("platforms")) return std::nullopt;
  PlatformSet out = store.ad_platforms(user);
  for (const auto& p : input["platforms"].GetArray()) {
    if (auto it = out.find(std::string_view(p.GetString(), p.GetStringLength())); it != out.end()) {
      out.erase(it);
    }
  }
  return out;
}

struct Period {
  std::map<std::string, Totals> by_currency;
  std::map<std::pair<std::string, std::string>, Totals> by_platform;  // (platform, currency)
};

void write_period(api::JsonWriter& out, const DateRange& range, const Period& p) {
  api::member(out, "start", format_date(range.start));
  api::member(out, "end", format_date(range.end));
  out.Key("totals");
  out.StartArray();
  for (const auto& [currency, totals] : p.by_currency) {
    out.StartObject();
    api::member(out, "currency", currency);
    write_all_metrics(out, totals);
    out.EndObject();
  }
  out.EndArray();
  out.Key("platforms");
  out.StartArray();
  for (const auto& [key, totals] : p.by_platform) {
    out.StartObject();
    api::member(out, "platform", key.first);
    api::member(out, "currency", key.second);
    write_all_metrics(out, totals);
    out.EndObject();
  }
  out.EndArray();
}

// (current - previous) / previous per metric and currency; null when the previous value is
// zero or either value is undefined.
void write_change(api::JsonWriter& out, const Period& now, const Period& before) {
  std::set<std::string> currencies;
  for (const auto& [c, _] : now.by_currency) currencies.insert(c);
  for (const auto& [c, _] : before.by_currency) currencies.insert(c);
  out.StartArray();
  for (const auto& currency : currencies) {
    const Totals zero;
    auto find = [&](const Period& p) {
      auto it = p.by_currency.find(currency);
      return it == p.by_currency.end() ? zero : it->second;
    };
    const Totals cur = find(now);
    const Totals prev = find(before);
    out.StartObject();
    api::member(out, "currency", currency);
    for (Metric m : kAllMetrics) {
      const auto a = metric_value(cur, m);
      const auto b = metric_value(prev, m);
      api::member(out, metric_name(m),
                  a && b && *b != 0 ? std::optional((*a - *b) / *b) : std::nullopt);
    }
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace

void write_overview(DashboardStore& store, std::int64_t user, const rapidjson::Value& input,
                    api::JsonWriter& out) {
  const DateRange range = read_range(input);
  const bool compare = input.HasMember("compare") && input["compare"].GetBool();
  const std::optional<DateRange> previous =
      compare ? std::optional<DateRange>(range.previous()) : std::nullopt;
  const auto left_out = excluded(store, user, input);
  Period now, before;
  for (const auto& row : store.totals(user, range, previous)) {
    if (left_out && left_out->contains(row.platform)) continue;
    Period& p = row.previous ? before : now;
    p.by_currency[row.currency] += row.totals;
    p.by_platform[{row.platform, row.currency}] += row.totals;
  }
  out.StartObject();
  write_period(out, range, now);
  if (previous) {
    out.Key("previous");
    out.StartObject();
    write_period(out, *previous, before);
    out.EndObject();
    out.Key("change");
    write_change(out, now, before);
  }
  out.EndObject();
}

}  // namespace roi::modules::dashboard

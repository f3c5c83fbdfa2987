#include "modules/reports/period_summary.hpp"

#include <algorithm>
#include <map>

namespace roi::modules::reports {
namespace {

namespace dash = dashboard;

bool by_spend(const NamedTotals& a, const NamedTotals& b) {
  if (a.totals.spend_micros != b.totals.spend_micros) {
    return a.totals.spend_micros > b.totals.spend_micros;
  }
  return a.name < b.name;
}

void write_totals(api::JsonWriter& out, const char* key, const dash::Totals& t) {
  out.Key(key);
  out.StartObject();
  dash::write_all_metrics(out, t);
  out.EndObject();
}

}  // namespace

PeriodSummary summarize(dash::DashboardStore& store, std::int64_t user,
                        const dash::DateRange& range) {
  PeriodSummary s;
  s.range = range;
  const auto rows = store.totals(user, range, range.previous());

  std::map<std::string, std::int64_t> spend_by_currency;
  for (const auto& r : rows) {
    if (!r.previous) spend_by_currency[r.currency] += r.totals.spend_micros;
  }
  for (const auto& [currency, spend] : spend_by_currency) {
    if (s.currency.empty() || spend > spend_by_currency[s.currency]) s.currency = currency;
  }
  for (const auto& [currency, spend] : spend_by_currency) {
    if (currency != s.currency) s.other_currencies.push_back(currency);
  }

  std::map<std::string, dash::Totals> platforms;
  for (const auto& r : rows) {
    if (r.currency != s.currency) continue;
    (r.previous ? s.previous : s.current) += r.totals;
    if (!r.previous && r.totals.spend_micros > 0) platforms[r.platform] += r.totals;
  }
  for (const auto& [platform, totals] : platforms) s.platforms.push_back({platform, platform, totals});
  std::sort(s.platforms.begin(), s.platforms.end(), by_spend);

  std::map<dash::Date, dash::Totals> days;
  for (auto d = range.start; d <= range.end; d += std::chrono::days{1}) days[d];
  for (const auto& r : store.daily(user, range)) {
    if (r.currency == s.currency) days[r.date] += r.totals;
  }
  for (const auto& [date, totals] : days) s.days.push_back({date, totals});

  for (const auto& c : store.campaigns(user, range, {})) {
    if (c.currency == s.currency && c.totals.spend_micros > 0) {
      s.campaigns.push_back({c.name, c.platform, c.totals});
    }
  }
  std::sort(s.campaigns.begin(), s.campaigns.end(), by_spend);
  return s;
}

std::string format_money(std::int64_t micros, const std::string& currency) {
  const bool negative = micros < 0;
  // Round half away from zero to cents in integers, so no float ever touches money.
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(micros + 1)) + 1 : static_cast<std::uint64_t>(micros);
  const std::uint64_t cents = (magnitude + 5000) / 10000;
  std::string units = std::to_string(cents / 100);
  for (int i = static_cast<int>(units.size()) - 3; i > 0; i -= 3) units.insert(static_cast<std::size_t>(i), ",");
  const std::uint64_t frac = cents % 100;
  std::string out = negative ? "-" : "";
  out += units + "." + (frac < 10 ? "0" : "") + std::to_string(frac);
  if (!currency.empty()) out += " " + currency;
  return out;
}

void write_summary(api::JsonWriter& out, const PeriodSummary& s, std::size_t max_campaigns) {
  out.StartObject();
  out.Key("period");
  out.StartObject();
  out.Key("start");
  out.String(dash::format_date(s.range.start));
  out.Key("end");
  out.String(dash::format_date(s.range.end));
  out.EndObject();
  out.Key("currency");
  out.String(s.currency);
  write_totals(out, "totals", s.current);
  write_totals(out, "previous", s.previous);
  out.Key("platforms");
  out.StartArray();
  for (const auto& p : s.platforms) {
    out.StartObject();
    out.Key("platform");
    out.String(p.platform);
    dash::write_all_metrics(out, p.totals);
    out.EndObject();
  }
  out.EndArray();
  out.Key("campaigns");
  out.StartArray();
  for (std::size_t i = 0; i < s.campaigns.size() && i < max_campaigns; ++i) {
    const auto& c = s.campaigns[i];
    out.StartObject();
    out.Key("name");
    out.String(c.name);
    out.Key("platform");
    out.String(c.platform);
    dash::write_all_metrics(out, c.totals);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

}  // namespace roi::modules::reports

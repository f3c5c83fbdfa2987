#include "modules/reports/insights.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

namespace roi::modules::reports {
namespace {

namespace dash = dashboard;

std::optional<double> roas(const dash::Totals& t) {
  return dash::metric_value(t, dash::Metric::Roas);
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string percent(double share) { return fixed(share * 100.0, 1) + "%"; }

std::string signed_percent(double change) {
  return (change >= 0 ? "+" : "") + fixed(change * 100.0, 1) + "%";
}

std::string label(const NamedTotals& c) { return "\"" + c.name + "\" (" + c.platform + ")"; }

// "CPA went from 12.00 to 10.00 USD (-16.7%)" or nullopt when either side is undefined.
std::optional<std::string> change(const char* what, std::optional<double> before,
                                  std::optional<double> now, const std::string& unit) {
  if (!before || !now || *before == 0) return std::nullopt;
  return std::string(what) + " went from " + fixed(*before, 2) + unit + " to " + fixed(*now, 2) +
         unit + " (" + signed_percent((*now - *before) / *before) + ") against the previous " +
         "period of equal length.";
}

}  // namespace

std::vector<Insight> builtin_insights(const PeriodSummary& s) {
  std::vector<Insight> out;
  if (s.current.spend_micros == 0) {
    out.push_back({"no_spend", "No ad spend was recorded in this period, so there is nothing "
                               "to compare campaigns by."});
    return out;
  }
  const NamedTotals* best = nullptr;
  const NamedTotals* worst = nullptr;
  for (const auto& c : s.campaigns) {
    if (!best || *roas(c.totals) > *roas(best->totals)) best = &c;
    if (!worst || *roas(c.totals) < *roas(worst->totals)) worst = &c;
  }
  if (best) {
    out.push_back({"best_campaign", "Best campaign by ROAS: " + label(*best) + " at " +
                                        fixed(*roas(best->totals), 2) + " on " +
                                        format_money(best->totals.spend_micros, s.currency) +
                                        " of spend."});
  }
  if (worst && worst != best) {
    out.push_back({"worst_campaign", "Worst campaign by ROAS: " + label(*worst) + " at " +
                                         fixed(*roas(worst->totals), 2) + " on " +
                                         format_money(worst->totals.spend_micros, s.currency) +
                                         " of spend."});
  }
  if (!s.campaigns.empty()) {
    const auto total = static_cast<double>(s.current.spend_micros);
    std::int64_t top3 = 0;
    for (std::size_t i = 0; i < s.campaigns.size() && i < 3; ++i) {
      top3 += s.campaigns[i].totals.spend_micros;
    }
    out.push_back({"spend_concentration",
                   label(s.campaigns.front()) + " took " +
                       percent(static_cast<double>(s.campaigns.front().totals.spend_micros) / total) +
                       " of spend; the top " + std::to_string(std::min<std::size_t>(3, s.campaigns.size())) +
                       " campaigns took " + percent(static_cast<double>(top3) / total) + " of " +
                       format_money(s.current.spend_micros, s.currency) + "."});
  }
  const std::string unit = " " + s.currency;
  if (auto t = change("CPA", dash::metric_value(s.previous, dash::Metric::Cpa),
                      dash::metric_value(s.current, dash::Metric::Cpa), unit)) {
    out.push_back({"cpa_change", *t});
  }
  if (auto t = change("ROAS", roas(s.previous), roas(s.current), "")) {
    out.push_back({"roas_change", *t});
  }
  if (best && worst && worst != best && *roas(best->totals) > *roas(worst->totals)) {
    // A fifth of the weaker campaign's spend: large enough to matter, small enough that the
    // stronger campaign's ROAS is a fair guess for the extra budget.
    const std::int64_t shift = worst->totals.spend_micros / 5;
    const double gain = static_cast<double>(shift) * (*roas(best->totals) - *roas(worst->totals));
    out.push_back({"budget_shift",
                   "Move " + format_money(shift, s.currency) + " (20% of its spend) from " +
                       label(*worst) + " to " + label(*best) + ": at this period's ROAS that " +
                       "would have returned about " +
                       format_money(static_cast<std::int64_t>(std::llround(gain)), s.currency) +
                       " more revenue."});
  }
  return out;
}

std::string insights_to_json(const std::vector<Insight>& insights) {
  rapidjson::StringBuffer buf;
  api::JsonWriter w(buf);
  w.StartArray();
  for (const auto& i : insights) {
    w.StartObject();
    w.Key("kind");
    w.String(i.kind);
    w.Key("text");
    w.String(i.text);
    w.EndObject();
  }
  w.EndArray();
  return {buf.GetString(), buf.GetSize()};
}

std::vector<Insight> insights_from_json(const std::string& json) {
  rapidjson::Document doc;
  api::parse_json(json, doc);
  std::vector<Insight> out;
  if (!doc.IsArray()) return out;
  for (const auto& v : doc.GetArray()) {
    if (v.IsObject() && v.HasMember("kind") && v["kind"].IsString() && v.HasMember("text") &&
        v["text"].IsString()) {
      out.push_back({v["kind"].GetString(), v["text"].GetString()});
    }
  }
  return out;
}

}  // namespace roi::modules::reports

#include "modules/reports/insights.hpp"

#include <algorithm>
#include <optional>

#include "modules/reports/report_format.hpp"

namespace roi::modules::reports {
namespace {

namespace dash = dashboard;

constexpr std::size_t kMaxCpaCampaigns = 3;
constexpr std::size_t kMaxListedDays = 6;
constexpr double kMinShareShift = 0.01;  // below a point of share, a shift is noise

std::optional<double> metric(const dash::Totals& t, dash::Metric m) {
  return dash::metric_value(t, m);
}

std::string ratio(const dash::Totals& t, dash::Metric m) { return format_decimal(metric(t, m), 2); }

std::string label(const CampaignFigures& c) {
  return "\"" + c.name + "\" (" + platform_label(c.platform) + " \u00b7 " + c.account + ")";
}

class Finder {
 public:
  Finder(const CurrencySection& s, std::vector<Insight>& out) : s_(s), out_(out) {}

  void add(const char* kind, std::string text) {
    out_.push_back({kind, std::move(text), s_.currency, "builtin"});
  }
  std::string money(std::int64_t micros) const { return format_money(micros, s_.currency); }

  void attribution_gap() {
    const auto& t = s_.current;
    if (t.store_revenue_micros <= 0) {
      if (t.revenue_micros > 0) {
        add("attribution_unchecked", "The ad platforms report " + money(t.revenue_micros) +
                                         " of revenue (ROAS " + ratio(t, dash::Metric::Roas) +
                                         "), but no store revenue in " + s_.currency +
                                         " was recorded to check it against.");
      }
      return;
    }
    const double claimed = share(t.revenue_micros, t.store_revenue_micros);
    std::string text = "The ad platforms claim " + money(t.revenue_micros) + " of revenue (ROAS " +
                       ratio(t, dash::Metric::Roas) + ") against " + money(t.store_revenue_micros) +
                       " the store booked (blended ROAS " + ratio(t, dash::Metric::BlendedRoas) +
                       "): ";
    if (claimed > 1.0) {
      text += format_decimal(claimed, 1) + " times the store's revenue, so platform ROAS " +
              "over-states what the spend returned.";
    } else {
      text += format_percent(claimed) + " of the store's revenue; the rest came without an " +
              "ad platform claiming it.";
    }
    add("attribution_gap", std::move(text));
  }

  void spend_shift() {
    if (s_.previous.spend_micros <= 0 || s_.platforms.size() < 2) return;
    const PlatformFigures* up = nullptr;
    const PlatformFigures* down = nullptr;
    double up_by = 0;
    double down_by = 0;
    for (const auto& p : s_.platforms) {
      const double d = share(p.current.spend_micros, s_.current.spend_micros) -
                       share(p.previous.spend_micros, s_.previous.spend_micros);
      if (d > up_by) up = &p, up_by = d;
      if (d < down_by) down = &p, down_by = d;
    }
    if (!up || !down || up_by < kMinShareShift) return;
    const auto side = [&](const PlatformFigures& p, double d) {
      return platform_label(p.platform) + " " + format_points(d) + " (" +
             format_percent(share(p.previous.spend_micros, s_.previous.spend_micros)) + " \u2192 " +
             format_percent(share(p.current.spend_micros, s_.current.spend_micros)) + ", " +
             money(p.current.spend_micros) + ", ROAS " + ratio(p.current, dash::Metric::Roas) + ")";
    };
    add("spend_shift", "Spend share moved against the previous period: " + side(*up, up_by) + ", " +
                           side(*down, down_by) + ".");
  }

  void cpa_rising() {
    struct Rising {
      const CampaignFigures* campaign;
      std::optional<double> before, now;  // CPA
    };
    std::vector<Rising> found;
    for (const auto& c : s_.campaigns) {
      const auto before = metric(c.previous, dash::Metric::Cpa);
      if (c.current.spend_micros <= c.previous.spend_micros || !before) continue;
      const auto now = metric(c.current, dash::Metric::Cpa);
      if (!now || *now > *before) found.push_back({&c, before, now});
    }
    std::sort(found.begin(), found.end(), [](const Rising& a, const Rising& b) {
      return a.campaign->current.spend_micros - a.campaign->previous.spend_micros >
             b.campaign->current.spend_micros - b.campaign->previous.spend_micros;
    });
    for (std::size_t i = 0; i < found.size() && i < kMaxCpaCampaigns; ++i) {
      const auto& c = *found[i].campaign;
      const auto spend_change = relative_change(metric(c.previous, dash::Metric::Spend),
                                                metric(c.current, dash::Metric::Spend));
      const auto& [campaign, before, now] = found[i];
      std::string text = label(c) + ": spend " + format_change(spend_change) + " (" +
                         money(c.previous.spend_micros) + " \u2192 " +
                         money(c.current.spend_micros) + ") while ";
      text += now ? "CPA rose " + format_change(relative_change(before, now)) + " (" +
                        format_decimal(before, 2) + " \u2192 " + format_decimal(now, 2) + " " +
                        s_.currency + ")."
                  : "its conversions fell to none (CPA " + format_decimal(before, 2) + " " +
                        s_.currency + " before).";
      add("cpa_rising", std::move(text));
    }
  }

  void zero_conversion_days() {
    std::vector<dash::Date> days;
    std::int64_t spend = 0;
    for (const auto& d : s_.days) {
      if (d.totals.spend_micros > 0 && d.totals.conversions_milli == 0) {
        days.push_back(d.date);
        spend += d.totals.spend_micros;
      }
    }
    if (days.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < days.size() && i < kMaxListedDays; ++i) {
      list += (i ? ", " : "") + format_day(days[i], false);
    }
    if (days.size() > kMaxListedDays) {
      list += " and " + std::to_string(days.size() - kMaxListedDays) + " more";
    }
    add("zero_conversion_days", std::to_string(days.size()) +
                                    (days.size() == 1 ? " day" : " days") + " had " + money(spend) +
                                    " of spend and no conversions: " + list + ".");
  }

  void concentration() {
    if (s_.campaigns.empty()) return;
    std::int64_t top3 = 0;
    const std::size_t n = std::min<std::size_t>(3, s_.campaigns.size());
    for (std::size_t i = 0; i < n; ++i) top3 += s_.campaigns[i].current.spend_micros;
    const auto total = s_.current.spend_micros;
    std::string text = label(s_.campaigns.front()) + " took " +
                       format_percent(share(s_.campaigns.front().current.spend_micros, total)) +
                       " of the " + money(total) + " spent";
    if (s_.campaigns.size() > 1) {
      text += "; the top " + std::to_string(n) + " of " + std::to_string(s_.campaigns.size()) +
              " campaigns took " + format_percent(share(top3, total));
    }
    if (!s_.platforms.empty()) {
      const auto& p = s_.platforms.front();
      text += "; " + platform_label(p.platform) + " took " +
              format_percent(share(p.current.spend_micros, total));
    }
    add("spend_concentration", text + ".");
  }

  void best_and_worst() {
    const CampaignFigures* best = nullptr;
    const CampaignFigures* worst = nullptr;
    const auto roas = [](const CampaignFigures* c) {
      return *metric(c->current, dash::Metric::Roas);
    };
    for (const auto& c : s_.campaigns) {
      if (!best || roas(&c) > roas(best)) best = &c;
      if (!worst || roas(&c) < roas(worst)) worst = &c;
    }
    const auto say = [&](const char* kind, const char* what, const CampaignFigures& c) {
      add(kind, std::string(what) + " campaign by ROAS: " + label(c) + " at " +
                    ratio(c.current, dash::Metric::Roas) + " on " + money(c.current.spend_micros) +
                    " of spend.");
    };
    if (best) say("best_campaign", "Best", *best);
    if (worst && worst != best) say("worst_campaign", "Worst", *worst);
  }

  void period_change(const char* kind, const char* what, dash::Metric m, const std::string& unit) {
    const auto before = metric(s_.previous, m);
    const auto now = metric(s_.current, m);
    const auto change = relative_change(before, now);
    if (!change) return;
    add(kind, std::string(what) + " went from " + format_decimal(before, 2) + unit + " to " +
                  format_decimal(now, 2) + unit + " (" + format_change(change) +
                  ") against the previous period of equal length.");
  }

 private:
  const CurrencySection& s_;
  std::vector<Insight>& out_;
};

}  // namespace

std::vector<Insight> builtin_insights(const PeriodSummary& s) {
  std::vector<Insight> out;
  if (s.sections.empty()) {
    out.push_back({"no_data",
                   "No ad spend or store revenue was recorded from " + format_day(s.range.start) +
                       " to " + format_day(s.range.end) + ", so there is nothing to analyse.",
                   "", "builtin"});
    return out;
  }
  for (const auto& section : s.sections) {
    Finder f(section, out);
    if (section.current.spend_micros == 0) {
      f.add("no_spend", "No ad spend in " + section.currency + " this period; the store booked " +
                            f.money(section.current.store_revenue_micros) + ".");
      continue;
    }
    f.attribution_gap();
    f.spend_shift();
    f.cpa_rising();
    f.zero_conversion_days();
    f.concentration();
    f.best_and_worst();
    f.period_change("cpa_change", "CPA", dash::Metric::Cpa, " " + section.currency);
    f.period_change("roas_change", "ROAS", dash::Metric::Roas, "");
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
    if (!i.currency.empty()) {
      w.Key("currency");
      w.String(i.currency);
    }
    w.Key("source");
    w.String(i.source);
    w.EndObject();
  }
  w.EndArray();
  return {buf.GetString(), buf.GetSize()};
}

std::vector<Insight> insights_from_json(const std::string& json,
                                        const std::string& default_source) {
  rapidjson::Document doc;
  api::parse_json(json, doc);
  std::vector<Insight> out;
  if (!doc.IsArray()) return out;
  const auto text_of = [](const rapidjson::Value& v,
                          const char* key) -> std::optional<std::string> {
    if (!v.HasMember(key) || !v[key].IsString()) return std::nullopt;
    return std::string(v[key].GetString(), v[key].GetStringLength());
  };
  for (const auto& v : doc.GetArray()) {
    if (!v.IsObject()) continue;
    auto kind = text_of(v, "kind");
    auto text = text_of(v, "text");
    if (!kind || !text) continue;
    out.push_back({std::move(*kind), std::move(*text), text_of(v, "currency").value_or(""),
                   text_of(v, "source").value_or(default_source)});
  }
  return out;
}

}  // namespace roi::modules::reports

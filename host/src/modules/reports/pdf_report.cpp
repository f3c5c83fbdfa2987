#include "modules/reports/pdf_report.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "modules/reports/pdf_canvas.hpp"
#include "modules/reports/pdf_charts.hpp"
#include "modules/reports/report_format.hpp"

namespace roi::modules::reports {
namespace {

namespace dash = dashboard;

constexpr std::size_t kTopCampaigns = 12;
constexpr std::size_t kTopGaps = 5;
constexpr TextStyle kBody{10, kInk};
constexpr TextStyle kNote{9, kMuted};

// What every part of a report page is drawn from.
struct Page {
  const Report& report;
  const PeriodSummary& summary;
  const std::vector<Insight>& insights;
  AiState ai;
};

struct Column {
  std::string title;
  double width;  // share of the content width
};

// A table row: the first cell left-aligned (with an optional muted second line), the rest
// right-aligned; a hairline below.
void row(Canvas& c, const std::vector<Column>& cols, const std::vector<std::string>& cells,
         bool header, const std::string& second = "") {
  const double height = second.empty() ? 15 : 25;
  c.need(height + 2);
  if (header) c.rect(kMargin, c.y - 2, kContent, height, kBand);
  double x = kMargin;
  const TextStyle style{header ? 8.5 : 9, header ? kMuted : kInk, header};
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const double w = kContent * cols[i].width;
    TextStyle s = style;
    s.align = i == 0 ? Align::Left : Align::Right;
    c.text(cells[i], x + 3, c.y, w - 6, s);
    if (i == 0 && !second.empty()) c.text(second, x + 3, c.y + 11.5, w - 6, {8, kMuted});
    x += w;
  }
  c.y += height;
  c.line(kMargin, c.y - 2, kMargin + kContent, c.y - 2, kGrid, 0.6);
}

void header_row(Canvas& c, const std::vector<Column>& cols) {
  std::vector<std::string> titles;
  for (const auto& col : cols) titles.push_back(col.title);
  row(c, cols, titles, true);
}

std::optional<double> value(const dash::Totals& t, dash::Metric m) {
  return dash::metric_value(t, m);
}

// A metric as the report shows it everywhere.
std::string shown(const dash::Totals& t, dash::Metric m, const std::string& currency) {
  switch (m) {
    case dash::Metric::Spend:
      return format_money(t.spend_micros, currency);
    case dash::Metric::PlatformRevenue:
      return format_money(t.revenue_micros, currency);
    case dash::Metric::StoreRevenue:
      return format_money(t.store_revenue_micros, currency);
    case dash::Metric::Clicks:
      return format_count(t.clicks);
    case dash::Metric::Impressions:
      return format_count(t.impressions);
    case dash::Metric::Conversions:
      return format_conversions(t.conversions_milli);
    case dash::Metric::Ctr: {
      const auto ctr = value(t, m);
      return ctr ? format_decimal(*ctr * 100, 2) + "%" : "n/a";
    }
    case dash::Metric::Cpa:
    case dash::Metric::Cpc: {
      const auto v = value(t, m);
      return v ? format_decimal(v, 2) + " " + currency : "n/a";
    }
    case dash::Metric::AttributedRevenue:
      return format_money(t.attributed_revenue_micros, currency);
    case dash::Metric::AttributedOrders:
      return format_count(t.attributed_orders);
    case dash::Metric::UnexplainedRevenue:
      return format_money(t.unexplained_revenue_micros, currency);
    case dash::Metric::Roas:
    case dash::Metric::BlendedRoas:
    case dash::Metric::AttributedRoas:
      return format_decimal(value(t, m), 2);
  }
  return "n/a";
}

std::string change(const dash::Totals& before, const dash::Totals& now, dash::Metric m) {
  return format_change(relative_change(value(before, m), value(now, m)));
}

std::string period_text(const dash::DateRange& r) {
  return format_day(r.start) + " \u2013 " + format_day(r.end);
}

void bullet(Canvas& c, const std::string& text, const std::string& tag = "") {
  c.paragraph("\u2022  " + (tag.empty() ? "" : tag + ": ") + text, kBody, 5, 4);
}

// ---- cover -------------------------------------------------------------------------------

bool headline(const std::string& kind) {
  static const std::set<std::string> kinds{"attribution_gap", "attribution_unchecked",
                                           "spend_shift",     "zero_conversion_days",
                                           "no_spend",        "no_data"};
  return kinds.contains(kind);
}

void cover(Canvas& c, const Page& p) {
  const auto& s = p.summary;
  c.rect(0, 0, kPageWidth, 6, kAccent);
  c.y += c.text("ROI Report", kMargin, c.y, kContent, {24, kInk, true}) + 4;
  c.y += c.text(p.report.name, kMargin, c.y, kContent, {15, kInk}) + 8;
  c.y += c.text("Period: " + period_text(s.range) + " (" + std::to_string(s.range.days()) +
                    " days)   \u00b7   compared with " + period_text(s.range.previous()),
                kMargin, c.y, kContent, {10, kMuted}) +
         18;

  if (s.sections.empty()) {
    c.rect(kMargin, c.y, kContent, 86, kBand);
    c.text("Nothing to report for this period", kMargin + 16, c.y + 16, kContent - 32,
           {14, kInk, true});
    c.text("No ad spend or store revenue was recorded from " + format_day(s.range.start) + " to " +
               format_day(s.range.end) +
               ". Figures, charts and tables appear here once the connected accounts have "
               "data for the period.",
           kMargin + 16, c.y + 40, kContent - 32, kBody);
    c.y += 104;
    return;
  }

  c.heading("At a glance");
  const std::vector<Column> cols{
      {"Currency", 0.1},      {"Spend", 0.21}, {"Platform revenue", 0.21},
      {"Store revenue", 0.2}, {"ROAS", 0.11},  {"Blended ROAS", 0.17}};
  header_row(c, cols);
  for (const auto& sec : s.sections) {
    const auto& t = sec.current;
    row(c, cols,
        {sec.currency, shown(t, dash::Metric::Spend, sec.currency),
         shown(t, dash::Metric::PlatformRevenue, sec.currency),
         shown(t, dash::Metric::StoreRevenue, sec.currency), shown(t, dash::Metric::Roas, ""),
         shown(t, dash::Metric::BlendedRoas, "")},
        false);
  }
  if (s.sections.size() > 1) {
    c.y += 2;
    c.paragraph(
        "Amounts in different currencies are never added: each currency has its own "
        "section with its figures, charts and campaigns.",
        kNote, 4);
  }
  c.y += 14;

  c.heading("Key findings");
  for (const auto& i : p.insights) {
    if (i.source == "builtin" && headline(i.kind)) {
      bullet(c, i.text, s.sections.size() > 1 ? i.currency : "");
    }
  }
  c.y += 10;

  c.heading("The AI service's reading");
  if (p.ai == AiState::Answered) {
    c.paragraph("Written by the AI service from the figures and findings in this report.", kNote,
                6);
    for (const auto& i : p.insights) {
      if (i.source == "ai") bullet(c, i.text);
    }
  } else {
    c.paragraph(p.ai == AiState::NotConfigured
                    ? "No AI service is configured for this installation. The findings in this "
                      "report are ROI Host's own, computed from the figures shown."
                    : "The AI service was unavailable when this report was made. The findings "
                      "in this report are ROI Host's own, computed from the figures shown.",
                kBody, 6);
  }
}

// ---- a currency's section ----------------------------------------------------------------

struct KeyFigure {
  const char* label;
  dash::Metric metric;
};
constexpr KeyFigure kKeyFigures[] = {{"Spend", dash::Metric::Spend},
                                     {"Platform revenue", dash::Metric::PlatformRevenue},
                                     {"Store revenue", dash::Metric::StoreRevenue},
                                     {"Platform ROAS", dash::Metric::Roas},
                                     {"Blended ROAS", dash::Metric::BlendedRoas},
                                     {"Conversions", dash::Metric::Conversions},
                                     {"CPA", dash::Metric::Cpa},
                                     {"Clicks", dash::Metric::Clicks},
                                     {"Impressions", dash::Metric::Impressions},
                                     {"CTR", dash::Metric::Ctr},
                                     {"CPC", dash::Metric::Cpc}};

// The height of a section's header band, and of its key figures (their heading, the table's
// header and rows) without the gap after them.
constexpr double kSectionBand = 48;
constexpr double kKeyFiguresHeight = 24 + (std::size(kKeyFigures) + 1) * 15 + 2;

// A section follows on the same page when its header and key figures fit, so pages are filled:
// the cover's foot takes the first section's start when it has the room (asking for more than
// these two need left a third of a cover page empty).
void section_header(Canvas& c, const Page& p, const CurrencySection& sec) {
  c.y += 12;
  c.need(kSectionBand + kKeyFiguresHeight);
  c.rect(kMargin, c.y, kContent, 34, kBand);
  c.rect(kMargin, c.y, 4, 34, kAccent);
  c.text("Figures in " + sec.currency, kMargin + 14, c.y + 8, kContent / 2, {15, kInk, true});
  c.text(period_text(p.summary.range), kMargin, c.y + 11, kContent - 12,
         {9.5, kMuted, false, Align::Right});
  c.y += kSectionBand;
}

void key_figures(Canvas& c, const Page&, const CurrencySection& sec) {
  c.heading("Key figures");
  const std::vector<Column> cols{
      {"Metric", 0.28}, {"This period", 0.26}, {"Previous period", 0.26}, {"Change", 0.2}};
  header_row(c, cols);
  for (const KeyFigure& l : kKeyFigures) {
    row(c, cols,
        {l.label, shown(sec.current, l.metric, sec.currency),
         shown(sec.previous, l.metric, sec.currency), change(sec.previous, sec.current, l.metric)},
        false);
  }
  c.y += 16;
}

void platform_share(Canvas& c, const Page&, const CurrencySection& sec) {
  if (sec.current.spend_micros == 0) {
    c.heading("Spend share by platform");
    c.paragraph("No ad spend in " + sec.currency + " this period.", kBody, 16);
    return;
  }
  c.need(190);
  c.heading("Spend share by platform");
  std::vector<std::string> names;
  ShareBar now{"This period", {}};
  ShareBar before{"Previous period", {}};
  for (const auto& pf : sec.platforms) {
    names.push_back(platform_label(pf.platform));
    now.shares.push_back(share(pf.current.spend_micros, sec.current.spend_micros));
    before.shares.push_back(share(pf.previous.spend_micros, sec.previous.spend_micros));
  }
  draw_share_bars(c, names,
                  sec.previous.spend_micros > 0 ? std::vector{now, before} : std::vector{now});
  const std::vector<Column> cols{
      {"Platform", 0.18},         {"Spend", 0.2}, {"Share", 0.1}, {"Share change", 0.17},
      {"Platform revenue", 0.23}, {"ROAS", 0.12}};
  header_row(c, cols);
  for (const auto& pf : sec.platforms) {
    const double before_share = share(pf.previous.spend_micros, sec.previous.spend_micros);
    const double now_share = share(pf.current.spend_micros, sec.current.spend_micros);
    row(c, cols,
        {platform_label(pf.platform), shown(pf.current, dash::Metric::Spend, sec.currency),
         format_percent(now_share),
         sec.previous.spend_micros > 0 ? format_points(now_share - before_share) : "n/a",
         shown(pf.current, dash::Metric::PlatformRevenue, sec.currency),
         shown(pf.current, dash::Metric::Roas, "")},
        false);
  }
  c.y += 16;
}

void daily_trend(Canvas& c, const Page&, const CurrencySection& sec) {
  c.need(260);
  c.heading("Spend and revenue per day (" + sec.currency + ")");
  LineChart chart;
  Series spend{"Spend", series_color(1), {}};
  Series platform{"Platform revenue", series_color(0), {}};
  Series store{"Store revenue", series_color(2), {}};
  for (const auto& d : sec.days) {
    chart.days.push_back(d.date);
    spend.values.push_back(static_cast<double>(d.totals.spend_micros) / 1e6);
    platform.values.push_back(static_cast<double>(d.totals.revenue_micros) / 1e6);
    store.values.push_back(static_cast<double>(d.totals.store_revenue_micros) / 1e6);
  }
  if (sec.current.spend_micros != 0) chart.series.push_back(std::move(spend));
  if (sec.current.revenue_micros != 0) chart.series.push_back(std::move(platform));
  if (sec.current.store_revenue_micros != 0) chart.series.push_back(std::move(store));
  chart.tick_label = [](double v, int decimals) { return format_decimal(v, decimals); };
  draw_line_chart(c, chart);
}

void roas_trend(Canvas& c, const Page&, const CurrencySection& sec) {
  c.need(250);
  c.heading("Platform ROAS against blended ROAS per day");
  if (sec.current.spend_micros == 0) {
    c.paragraph("No ad spend in " + sec.currency + " this period, so there is no ROAS to draw.",
                kBody, 16);
    return;
  }
  LineChart chart;
  Series platform{"Platform ROAS (platform-reported revenue / spend)", series_color(0), {}};
  Series blended{"Blended ROAS (store revenue / spend)", series_color(2), {}};
  for (const auto& d : sec.days) {
    chart.days.push_back(d.date);
    platform.values.push_back(value(d.totals, dash::Metric::Roas));
    blended.values.push_back(value(d.totals, dash::Metric::BlendedRoas));
  }
  chart.series.push_back(std::move(platform));
  if (sec.current.store_revenue_micros != 0) chart.series.push_back(std::move(blended));
  chart.height = 150;
  chart.reference = 1.0;
  chart.reference_label = "1.00 = spend returned once";
  chart.tick_label = [](double v, int decimals) {
    return format_decimal(v, std::max(decimals, 1));
  };
  draw_line_chart(c, chart);
  if (sec.current.store_revenue_micros == 0) {
    c.paragraph(
        "No store revenue in " + sec.currency + " this period: blended ROAS cannot be drawn.",
        kNote, 12);
  }
}

void campaign_table(Canvas& c, const Page&, const CurrencySection& sec) {
  if (sec.campaigns.empty()) return;
  c.heading("Campaigns by spend");
  const std::vector<Column> cols{{"Campaign \u00b7 platform \u00b7 account", 0.31},
                                 {"Spend", 0.18},
                                 {"Spend change", 0.145},
                                 {"Conversions", 0.135},
                                 {"CPA", 0.14},
                                 {"ROAS", 0.09}};
  header_row(c, cols);
  std::int64_t rest = 0;
  for (std::size_t i = 0; i < sec.campaigns.size(); ++i) {
    const auto& k = sec.campaigns[i];
    if (i >= kTopCampaigns) {
      rest += k.current.spend_micros;
      continue;
    }
    row(c, cols,
        {k.name, shown(k.current, dash::Metric::Spend, sec.currency),
         change(k.previous, k.current, dash::Metric::Spend),
         shown(k.current, dash::Metric::Conversions, ""),
         shown(k.current, dash::Metric::Cpa, sec.currency),
         shown(k.current, dash::Metric::Roas, "")},
        false, platform_label(k.platform) + " \u00b7 " + k.account);
  }
  if (sec.campaigns.size() > kTopCampaigns) {
    c.y += 2;
    c.paragraph(std::to_string(sec.campaigns.size() - kTopCampaigns) + " more campaigns spent " +
                    format_money(rest, sec.currency) + ".",
                kNote, 4);
  }
  c.y += 16;
}

// What a platform claims (its reported revenue) minus the store revenue of the orders attributed
// to it: positive when the platform claims more than its visits brought in.
std::int64_t claim_gap(const dash::Totals& t) {
  return t.revenue_micros - t.attributed_revenue_micros;
}

// Platform-claimed against attributed revenue per ad platform, the store revenue no campaign
// explains, and the campaigns whose claims differ most from what the store saw.
void attribution(Canvas& c, const Page&, const CurrencySection& sec) {
  if (sec.platforms.empty()) return;
  c.need(200);
  c.heading("Platform claims against attributed orders");
  c.paragraph(
      "Attributed: store orders whose last visit came from the platform (its campaign named in "
      "the landing page, or its click id or referrer). Gap = platform revenue minus attributed "
      "revenue.",
      kNote, 8);
  const std::vector<Column> cols{
      {"Platform", 0.2}, {"Platform revenue", 0.2}, {"Attributed revenue", 0.2}, {"Orders", 0.1},
      {"Gap", 0.18},     {"Attr. ROAS", 0.12}};
  header_row(c, cols);
  for (const auto& pf : sec.platforms) {
    row(c, cols,
        {platform_label(pf.platform),
         shown(pf.current, dash::Metric::PlatformRevenue, sec.currency),
         shown(pf.current, dash::Metric::AttributedRevenue, sec.currency),
         shown(pf.current, dash::Metric::AttributedOrders, ""),
         format_money(claim_gap(pf.current), sec.currency),
         shown(pf.current, dash::Metric::AttributedRoas, "")},
        false);
  }
  c.y += 4;
  c.paragraph("Store revenue no campaign explains: " +
                  shown(sec.current, dash::Metric::UnexplainedRevenue, sec.currency) + " of " +
                  shown(sec.current, dash::Metric::StoreRevenue, sec.currency) + ".",
              kBody, 10);
  std::vector<const CampaignFigures*> gaps;
  for (const auto& k : sec.campaigns) gaps.push_back(&k);
  const std::size_t shown_gaps = std::min(gaps.size(), kTopGaps);
  std::partial_sort(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(shown_gaps),
                    gaps.end(), [](const CampaignFigures* a, const CampaignFigures* b) {
                      const auto ga = claim_gap(a->current);
                      const auto gb = claim_gap(b->current);
                      return std::tuple(-(ga < 0 ? -ga : ga), a->name) <
                             std::tuple(-(gb < 0 ? -gb : gb), b->name);
                    });
  if (shown_gaps == 0) {
    c.y += 16;
    return;
  }
  c.need(60);
  c.heading("Campaigns with the largest gap", 11);
  const std::vector<Column> gap_cols{{"Campaign \u00b7 platform \u00b7 account", 0.34},
                                     {"Platform revenue", 0.19},
                                     {"Attributed", 0.17},
                                     {"Orders", 0.1},
                                     {"Gap", 0.2}};
  header_row(c, gap_cols);
  for (std::size_t i = 0; i < shown_gaps; ++i) {
    const auto& k = *gaps[i];
    row(c, gap_cols,
        {k.name, shown(k.current, dash::Metric::PlatformRevenue, sec.currency),
         shown(k.current, dash::Metric::AttributedRevenue, sec.currency),
         shown(k.current, dash::Metric::AttributedOrders, ""),
         format_money(claim_gap(k.current), sec.currency)},
        false, platform_label(k.platform) + " \u00b7 " + k.account);
  }
  c.y += 16;
}

void findings(Canvas& c, const Page& p, const CurrencySection& sec) {
  c.heading("Findings in " + sec.currency);
  for (const auto& i : p.insights) {
    if (i.source == "builtin" && i.currency == sec.currency) bullet(c, i.text);
  }
}

// A currency's section is these parts in order. A new part is one function here, drawing from
// the figures it adds to CurrencySection (period_summary.hpp).
using SectionPart = void (*)(Canvas&, const Page&, const CurrencySection&);
constexpr SectionPart kSectionParts[] = {section_header, key_figures, platform_share,
                                         daily_trend,    roas_trend,  campaign_table,
                                         attribution,    findings};

}  // namespace

void render_pdf(const Report& report, const PeriodSummary& summary,
                const std::vector<Insight>& insights, AiState ai,
                const std::filesystem::path& path) {
  Canvas canvas(path, "ROI Report \u00b7 " + report.name + " \u00b7 " + period_text(summary.range));
  const Page page{report, summary, insights, ai};
  cover(canvas, page);
  for (const auto& section : summary.sections) {
    for (const SectionPart part : kSectionParts) part(canvas, page, section);
  }
  canvas.finish();
}

}  // namespace roi::modules::reports

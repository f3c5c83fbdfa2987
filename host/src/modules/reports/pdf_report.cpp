#include "modules/reports/pdf_report.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace roi::modules::reports {
namespace {

namespace dash = dashboard;

constexpr double kWidth = 595.0;  // A4 in points
constexpr double kHeight = 842.0;
constexpr double kMargin = 48.0;
constexpr double kContent = kWidth - 2 * kMargin;
constexpr std::size_t kTopCampaigns = 10;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.13, 0.15, 0.2};
constexpr Rgb kMuted{0.45, 0.48, 0.55};
constexpr Rgb kSpend{0.86, 0.35, 0.24};
constexpr Rgb kRevenue{0.16, 0.5, 0.73};
constexpr Rgb kGrid{0.88, 0.89, 0.92};

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;
using Layout = std::unique_ptr<PangoLayout, decltype(&g_object_unref)>;
using Font = std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)>;

std::string fixed(std::optional<double> v, int digits, const char* suffix = "") {
  if (!v) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f%s", digits, *v, suffix);
  return buf;
}

std::string count(std::int64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > (n < 0 ? 1 : 0); i -= 3) {
    s.insert(static_cast<std::size_t>(i), ",");
  }
  return s;
}

std::optional<double> change(std::optional<double> before, std::optional<double> now) {
  if (!before || !now || *before == 0) return std::nullopt;
  return (*now - *before) / *before * 100.0;
}

// The drawing state of one document: the cairo context and the next free line on the page.
class Canvas {
 public:
  explicit Canvas(const std::filesystem::path& path)
      : surface_(cairo_pdf_surface_create(path.c_str(), kWidth, kHeight),
                 &cairo_surface_destroy),
        cr_(cairo_create(surface_.get()), &cairo_destroy) {
    if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error("cannot create the PDF surface");
    }
  }

  void finish() {
    cairo_show_page(cr_.get());
    cairo_surface_finish(surface_.get());
    if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error("cannot write the PDF");
    }
  }

  void new_page() {
    cairo_show_page(cr_.get());
    y = kMargin;
  }
  // Starts a new page when `height` more points would not fit.
  void need(double height) {
    if (y + height > kHeight - kMargin) new_page();
  }

  // Text laid out by pango as plain text (never markup: names come from users and platforms).
  // Returns the height used.
  double text(const std::string& s, double x, double top, double size, Rgb color,
              bool bold = false, double width = kContent,
              PangoAlignment align = PANGO_ALIGN_LEFT) {
    Layout layout(pango_cairo_create_layout(cr_.get()), &g_object_unref);
    Font font(pango_font_description_from_string("DejaVu Sans"), &pango_font_description_free);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), s.c_str(), static_cast<int>(s.size()));
    cairo_set_source_rgb(cr_.get(), color.r, color.g, color.b);
    cairo_move_to(cr_.get(), x, top);
    pango_cairo_show_layout(cr_.get(), layout.get());
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  // A line of text at the cursor, which moves below it.
  void line(const std::string& s, double size, Rgb color, bool bold = false, double gap = 4) {
    need(size * 2);
    y += text(s, kMargin, y, size, color, bold) + gap;
  }

  // A table row: cells left to right at the given column widths; the first is left-aligned.
  void row(const std::vector<std::string>& cells, const std::vector<double>& widths, bool bold) {
    need(18);
    double x = kMargin;
    double height = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      height = std::max(height, text(cells[i], x, y, 9, kInk, bold, widths[i] - 6,
                                     i == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT));
      x += widths[i];
    }
    y += height + 3;
    rect(kMargin, y - 1.5, kContent, 0.5, kGrid);
  }

  void rect(double x, double top, double w, double h, Rgb color) {
    cairo_set_source_rgb(cr_.get(), color.r, color.g, color.b);
    cairo_rectangle(cr_.get(), x, top, w, h);
    cairo_fill(cr_.get());
  }

  void polyline(const std::vector<std::pair<double, double>>& points, Rgb color) {
    if (points.empty()) return;
    cairo_set_source_rgb(cr_.get(), color.r, color.g, color.b);
    cairo_set_line_width(cr_.get(), 2.2);
    cairo_move_to(cr_.get(), points.front().first, points.front().second);
    for (const auto& [x, py] : points) cairo_line_to(cr_.get(), x, py);
    cairo_stroke(cr_.get());
  }

  double y = kMargin;

 private:
  Surface surface_;
  Context cr_;
};

void cover(Canvas& c, const Report& report, const PeriodSummary& s) {
  c.line("ROI Report", 26, kInk, true, 8);
  c.line(report.name, 16, kInk, false, 6);
  c.line("Period: " + dash::format_date(s.range.start) + " to " + dash::format_date(s.range.end) +
             " (" + std::to_string(s.range.days()) + " days)",
         11, kMuted);
  c.line("Compared with: " + dash::format_date(s.range.previous().start) + " to " +
             dash::format_date(s.range.previous().end),
         11, kMuted);
  std::string currency = s.currency.empty() ? "no data in this period" : s.currency;
  if (!s.other_currencies.empty()) {
    currency += " (also spent in";
    for (const auto& o : s.other_currencies) currency += " " + o;
    currency += ", not included)";
  }
  c.line("Currency: " + currency, 11, kMuted, false, 18);
}

void kpi_table(Canvas& c, const PeriodSummary& s) {
  c.line("Key figures", 14, kInk, true, 6);
  const std::vector<double> widths{kContent * 0.28, kContent * 0.27, kContent * 0.27,
                                   kContent * 0.18};
  c.row({"Metric", "This period", "Previous period", "Change"}, widths, true);
  const auto money = [&](std::int64_t v) { return format_money(v, s.currency); };
  const auto value = [](const dash::Totals& t, dash::Metric m) { return dash::metric_value(t, m); };
  struct Line {
    const char* label;
    dash::Metric metric;
  };
  for (const Line& l : {Line{"Spend", dash::Metric::Spend},
                        Line{"Platform revenue", dash::Metric::PlatformRevenue},
                        Line{"Store revenue", dash::Metric::StoreRevenue},
                        Line{"ROAS", dash::Metric::Roas},
                        Line{"Blended ROAS", dash::Metric::BlendedRoas},
                        Line{"Conversions", dash::Metric::Conversions},
                        Line{"CPA", dash::Metric::Cpa},
                        Line{"Clicks", dash::Metric::Clicks},
                        Line{"Impressions", dash::Metric::Impressions},
                        Line{"CTR", dash::Metric::Ctr},
                        Line{"CPC", dash::Metric::Cpc}}) {
    const auto shown = [&](const dash::Totals& t) -> std::string {
      switch (l.metric) {
        case dash::Metric::Spend: return money(t.spend_micros);
        case dash::Metric::PlatformRevenue: return money(t.revenue_micros);
        case dash::Metric::StoreRevenue: return money(t.store_revenue_micros);
        case dash::Metric::Clicks: return count(t.clicks);
        case dash::Metric::Impressions: return count(t.impressions);
        case dash::Metric::Conversions: return fixed(value(t, l.metric), 1);
        case dash::Metric::Ctr: {
          const auto ctr = value(t, l.metric);
          return fixed(ctr ? std::optional(*ctr * 100) : std::nullopt, 2, "%");
        }
        case dash::Metric::Cpa:
        case dash::Metric::Cpc: return fixed(value(t, l.metric), 2, (" " + s.currency).c_str());
        default: return fixed(value(t, l.metric), 2);
      }
    };
    c.row({l.label, shown(s.current), shown(s.previous),
           fixed(change(value(s.previous, l.metric), value(s.current, l.metric)), 1, "%")},
          widths, false);
  }
  c.y += 14;
}

void trend_chart(Canvas& c, const PeriodSummary& s) {
  constexpr double kChartHeight = 170;
  c.need(kChartHeight + 60);
  c.line("Spend and platform revenue per day (" + s.currency + ")", 14, kInk, true, 6);
  const double top = c.y;
  const double left = kMargin + 40;
  const double width = kContent - 40;
  std::int64_t peak = 1;
  for (const auto& d : s.days) {
    peak = std::max({peak, d.totals.spend_micros, d.totals.revenue_micros});
  }
  for (int i = 0; i <= 4; ++i) {
    const double gy = top + kChartHeight * (1.0 - i / 4.0);
    c.rect(left, gy, width, 0.5, kGrid);
    c.text(format_money(peak / 4 * i, ""), kMargin - 4, gy - 6, 7, kMuted, false, 42,
           PANGO_ALIGN_RIGHT);
  }
  const auto plot = [&](auto pick) {
    std::vector<std::pair<double, double>> points;
    const double step = s.days.size() > 1 ? width / static_cast<double>(s.days.size() - 1) : 0;
    for (std::size_t i = 0; i < s.days.size(); ++i) {
      const double v = static_cast<double>(pick(s.days[i].totals)) / static_cast<double>(peak);
      points.emplace_back(left + step * static_cast<double>(i), top + kChartHeight * (1.0 - v));
    }
    return points;
  };
  c.polyline(plot([](const dash::Totals& t) { return t.spend_micros; }), kSpend);
  c.polyline(plot([](const dash::Totals& t) { return t.revenue_micros; }), kRevenue);
  c.y = top + kChartHeight + 6;
  c.text(dash::format_date(s.range.start), left, c.y, 7, kMuted);
  c.text(dash::format_date(s.range.end), left, c.y, 7, kMuted, false, width, PANGO_ALIGN_RIGHT);
  c.y += 14;
  c.rect(left, c.y + 3, 10, 4, kSpend);
  c.text("Spend", left + 14, c.y, 8, kInk);
  c.rect(left + 70, c.y + 3, 10, 4, kRevenue);
  c.text("Platform revenue", left + 84, c.y, 8, kInk);
  c.y += 26;
}

void platform_bars(Canvas& c, const PeriodSummary& s) {
  c.need(60 + 26.0 * static_cast<double>(s.platforms.size()));
  c.line("ROAS by platform", 14, kInk, true, 8);
  double best = 0;
  for (const auto& p : s.platforms) {
    best = std::max(best, dash::metric_value(p.totals, dash::Metric::Roas).value_or(0));
  }
  const double label = 90;
  const double bar_width = kContent - label - 50;
  for (const auto& p : s.platforms) {
    const double roas = dash::metric_value(p.totals, dash::Metric::Roas).value_or(0);
    c.text(p.platform, kMargin, c.y + 2, 9, kInk, false, label);
    c.rect(kMargin + label, c.y, best > 0 ? bar_width * roas / best : 0, 16, kRevenue);
    c.text(fixed(roas, 2), kMargin + label + bar_width + 6, c.y + 2, 9, kInk, true, 44);
    c.y += 24;
  }
  if (s.platforms.empty()) c.line("No ad spend in this period.", 10, kMuted);
  c.y += 14;
}

void campaigns_table(Canvas& c, const PeriodSummary& s) {
  c.need(80);
  c.line("Top campaigns by spend", 14, kInk, true, 6);
  const std::vector<double> widths{kContent * 0.34, kContent * 0.14, kContent * 0.2,
                                   kContent * 0.2, kContent * 0.12};
  c.row({"Campaign", "Platform", "Spend", "Revenue", "ROAS"}, widths, true);
  for (std::size_t i = 0; i < s.campaigns.size() && i < kTopCampaigns; ++i) {
    const auto& t = s.campaigns[i].totals;
    c.row({s.campaigns[i].name, s.campaigns[i].platform, format_money(t.spend_micros, s.currency),
           format_money(t.revenue_micros, s.currency),
           fixed(dash::metric_value(t, dash::Metric::Roas), 2)},
          widths, false);
  }
  c.y += 14;
}

void insights_text(Canvas& c, const std::vector<Insight>& insights, bool builtin) {
  c.need(80);
  c.line("Insights", 14, kInk, true, 4);
  c.line(builtin ? "Written by ROI Host from the figures above (the AI service was unavailable)."
                 : "Written by the AI service.",
         9, kMuted, false, 8);
  for (const auto& i : insights) c.line("\u2022 " + i.text, 10, kInk, false, 6);
}

}  // namespace

void render_pdf(const Report& report, const PeriodSummary& summary,
                const std::vector<Insight>& insights, bool builtin_insights,
                const std::filesystem::path& path) {
  Canvas canvas(path);
  cover(canvas, report, summary);
  kpi_table(canvas, summary);
  canvas.new_page();
  trend_chart(canvas, summary);
  platform_bars(canvas, summary);
  canvas.new_page();
  campaigns_table(canvas, summary);
  insights_text(canvas, insights, builtin_insights);
  canvas.finish();
}

}  // namespace roi::modules::reports

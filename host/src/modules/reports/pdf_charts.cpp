#include "modules/reports/pdf_charts.hpp"

#include <algorithm>

#include "modules/reports/chart_scale.hpp"
#include "modules/reports/report_format.hpp"

namespace roi::modules::reports {
namespace {

constexpr double kAxisWidth = 58;
constexpr TextStyle kTick{8, kMuted};
constexpr TextStyle kLegend{8.5, kInk};

// Legend entries left to right, wrapping; returns the height used.
double legend(Canvas& c, double x, double top,
              const std::vector<std::pair<std::string, Rgb>>& items) {
  double cx = x;
  double cy = top;
  for (const auto& [label, color] : items) {
    const double w = 14 + c.text_width(label, kLegend) + 16;
    if (cx + w > kMargin + kContent && cx > x) {
      cx = x;
      cy += 14;
    }
    c.rect(cx, cy + 3.5, 10, 5, color);
    c.text(label, cx + 14, cy, 0, kLegend);
    cx += w;
  }
  return cy - top + 14;
}

}  // namespace

Rgb series_color(std::size_t i) {
  static constexpr Rgb kPalette[] = {{0.16, 0.47, 0.71}, {0.89, 0.42, 0.17}, {0.2, 0.6, 0.36},
                                     {0.58, 0.4, 0.74},  {0.84, 0.24, 0.31}, {0.55, 0.34, 0.29},
                                     {0.09, 0.75, 0.81}, {0.5, 0.5, 0.5}};
  return kPalette[i % std::size(kPalette)];
}

void draw_line_chart(Canvas& c, const LineChart& chart) {
  double peak = chart.reference.value_or(0);
  for (const auto& s : chart.series) {
    for (const auto& v : s.values) peak = std::max(peak, v.value_or(0));
  }
  const Ticks ticks = nice_ticks(peak);
  const double top = c.y + 4;
  const double left = kMargin + kAxisWidth;
  const double width = kContent - kAxisWidth - 6;
  const double bottom = top + chart.height;
  const double scale_top = ticks.values.back();
  const auto y_of = [&](double v) { return bottom - chart.height * v / scale_top; };

  for (const double t : ticks.values) {
    c.line(left, y_of(t), left + width, y_of(t), kGrid, 0.6);
    c.text(chart.tick_label(t, ticks.decimals), kMargin, y_of(t) - 5.5, kAxisWidth - 6,
           {kTick.size, kTick.color, false, Align::Right});
  }
  c.line(left, bottom, left + width, bottom, kMuted, 0.8);

  const std::size_t n = chart.days.size();
  const auto x_of = [&](std::size_t i) {
    return n > 1 ? left + width * static_cast<double>(i) / static_cast<double>(n - 1)
                 : left + width / 2;
  };
  const int step = date_label_step(static_cast<int>(n));
  for (std::size_t i = 0; i < n; i += static_cast<std::size_t>(step)) {
    c.line(x_of(i), bottom, x_of(i), bottom + 3, kMuted, 0.8);
    c.text(format_day(chart.days[i], false), x_of(i) - 30, bottom + 5, 60,
           {kTick.size, kTick.color, false, Align::Center});
  }
  if (chart.reference) {
    c.line(left, y_of(*chart.reference), left + width, y_of(*chart.reference), kMuted, 0.9, true);
    c.text(chart.reference_label, left + 4, y_of(*chart.reference) - 12, width - 8,
           {7.5, kMuted, false, Align::Right});
  }
  for (const auto& s : chart.series) {
    std::vector<std::vector<std::pair<double, double>>> runs(1);
    for (std::size_t i = 0; i < s.values.size() && i < n; ++i) {
      if (!s.values[i]) {
        if (!runs.back().empty()) runs.emplace_back();
        continue;
      }
      runs.back().emplace_back(x_of(i), y_of(*s.values[i]));
    }
    c.polyline(runs, s.color, 1.8);
  }
  c.y = bottom + 20;
  std::vector<std::pair<std::string, Rgb>> items;
  for (const auto& s : chart.series) items.emplace_back(s.label, s.color);
  c.y += legend(c, left, c.y, items) + 10;
}

void draw_share_bars(Canvas& c, const std::vector<std::string>& segments,
                     const std::vector<ShareBar>& bars) {
  // Platforms take colours the line charts do not use, so a colour never means two things.
  const auto color = [](std::size_t i) { return series_color(i + 3); };
  constexpr double kLabel = 84;
  constexpr double kBar = 20;
  const double width = kContent - kLabel;
  for (const auto& bar : bars) {
    c.text(bar.label, kMargin, c.y + 4, kLabel - 6, {8.5, kInk});
    double x = kMargin + kLabel;
    for (std::size_t i = 0; i < bar.shares.size(); ++i) {
      const double w = width * bar.shares[i];
      if (w <= 0) continue;
      c.rect(x, c.y, w, kBar, color(i));
      const std::string pct = format_percent(bar.shares[i]);
      if (w > c.text_width(pct, {8, kInk, true}) + 6) {
        c.text(pct, x, c.y + 4.5, w, {8, {1, 1, 1}, true, Align::Center});
      }
      x += w;
    }
    c.y += kBar + 6;
  }
  std::vector<std::pair<std::string, Rgb>> items;
  for (std::size_t i = 0; i < segments.size(); ++i) items.emplace_back(segments[i], color(i));
  c.y += legend(c, kMargin + kLabel, c.y, items) + 8;
}

}  // namespace roi::modules::reports

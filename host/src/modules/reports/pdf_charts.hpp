// The report's charts, drawn at the canvas cursor: lines over days with round ticks, dated
// labels and a legend; stacked bars of shares with a legend.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "modules/dashboard/date_range.hpp"
#include "modules/reports/pdf_canvas.hpp"

namespace roi::modules::reports {

// A palette of distinct, print-safe colours for series and platforms.
Rgb series_color(std::size_t i);

struct Series {
  std::string label;
  Rgb color;
  std::vector<std::optional<double>> values;  // one per day; nullopt: undefined that day
};

struct LineChart {
  std::vector<dashboard::Date> days;
  std::vector<Series> series;
  // A tick's label from its value and the decimals the ticks need.
  std::function<std::string(double value, int decimals)> tick_label;
  double height = 180;
  std::optional<double> reference;  // a dashed horizontal line (e.g. ROAS 1.0)
  std::string reference_label;
};

void draw_line_chart(Canvas& c, const LineChart& chart);

struct ShareBar {
  std::string label;           // e.g. "This period"
  std::vector<double> shares;  // per segment, summing to 1 (or all zero: nothing to show)
};

// One horizontal bar per row, its segments coloured series_color(i + 3) and labelled with their
// share when wide enough, then a legend of `segments`.
void draw_share_bars(Canvas& c, const std::vector<std::string>& segments,
                     const std::vector<ShareBar>& bars);

}  // namespace roi::modules::reports

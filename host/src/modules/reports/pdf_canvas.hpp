// The drawing surface of a report PDF: cairo for shapes, pango for text (always plain text,
// never markup: names come from users and platforms), A4 pages and a cursor that moves down.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace roi::modules::reports {

constexpr double kPageWidth = 595.0;  // A4 in points
constexpr double kPageHeight = 842.0;
constexpr double kMargin = 42.0;
constexpr double kContent = kPageWidth - 2 * kMargin;

struct Rgb {
  double r, g, b;
};
inline constexpr Rgb kInk{0.11, 0.13, 0.18};
inline constexpr Rgb kMuted{0.33, 0.36, 0.42};
inline constexpr Rgb kGrid{0.86, 0.87, 0.9};
inline constexpr Rgb kBand{0.95, 0.96, 0.98};
inline constexpr Rgb kAccent{0.16, 0.5, 0.73};

enum class Align { Left, Right, Center };

struct TextStyle {
  double size = 10;
  Rgb color = kInk;
  bool bold = false;
  Align align = Align::Left;
};

class Canvas {
 public:
  // `footer` is written at the foot of every page beside its number.
  Canvas(const std::filesystem::path& path, std::string footer);

  // Ends the last page and writes the file; throws std::runtime_error when cairo cannot.
  void finish();
  void new_page();
  // Starts a new page when `height` more points would not fit below the cursor.
  void need(double height);
  double room() const { return kPageHeight - kMargin - 18 - y; }

  // Text wrapped to `width`; returns the height used.
  double text(const std::string& s, double x, double top, double width, const TextStyle& style);
  double text_width(const std::string& s, const TextStyle& style);
  // A paragraph at the cursor, which moves below it by its height and `gap`.
  void paragraph(const std::string& s, const TextStyle& style, double gap = 4, double indent = 0);
  void heading(const std::string& s, double size = 14);

  void rect(double x, double top, double w, double h, Rgb color);
  void line(double x1, double y1, double x2, double y2, Rgb color, double width,
            bool dashed = false);
  // Connected runs of points; a break in the data is an empty run.
  void polyline(const std::vector<std::vector<std::pair<double, double>>>& runs, Rgb color,
                double width);
  void dot(double x, double y, double radius, Rgb color);

  double y = kMargin;

 private:
  void footer();

  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_;
  std::string footer_;
  int page_ = 1;
};

}  // namespace roi::modules::reports

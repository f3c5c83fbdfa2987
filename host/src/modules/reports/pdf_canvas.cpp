#include "modules/reports/pdf_canvas.hpp"

#include <cairo-pdf.h>

#include <stdexcept>

namespace roi::modules::reports {
namespace {

using Layout = std::unique_ptr<PangoLayout, decltype(&g_object_unref)>;
using Font = std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)>;

Layout layout_for(cairo_t* cr, const std::string& s, double width, const TextStyle& style) {
  Layout layout(pango_cairo_create_layout(cr), &g_object_unref);
  Font font(pango_font_description_from_string("DejaVu Sans"), &pango_font_description_free);
  pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
  pango_font_description_set_weight(font.get(),
                                    style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), font.get());
  if (width > 0) pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), style.align == Align::Right    ? PANGO_ALIGN_RIGHT
                                           : style.align == Align::Center ? PANGO_ALIGN_CENTER
                                                                          : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout.get(), s.c_str(), static_cast<int>(s.size()));
  return layout;
}

}  // namespace

Canvas::Canvas(const std::filesystem::path& path, std::string footer)
    : surface_(cairo_pdf_surface_create(path.c_str(), kPageWidth, kPageHeight),
               &cairo_surface_destroy),
      cr_(cairo_create(surface_.get()), &cairo_destroy),
      footer_(std::move(footer)) {
  if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot create the PDF surface");
  }
}

void Canvas::footer() {
  const double top = kPageHeight - kMargin + 4;
  line(kMargin, top - 4, kMargin + kContent, top - 4, kGrid, 0.6);
  text(footer_, kMargin, top, kContent - 60, {7.5, kMuted});
  text("Page " + std::to_string(page_), kMargin, top, kContent, {7.5, kMuted, false, Align::Right});
}

void Canvas::finish() {
  footer();
  cairo_show_page(cr_.get());
  cairo_surface_finish(surface_.get());
  if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot write the PDF");
  }
}

void Canvas::new_page() {
  footer();
  cairo_show_page(cr_.get());
  ++page_;
  y = kMargin;
}

void Canvas::need(double height) {
  if (height > room()) new_page();
}

double Canvas::text(const std::string& s, double x, double top, double width,
                    const TextStyle& style) {
  const Layout layout = layout_for(cr_.get(), s, width, style);
  cairo_set_source_rgb(cr_.get(), style.color.r, style.color.g, style.color.b);
  cairo_move_to(cr_.get(), x, top);
  pango_cairo_show_layout(cr_.get(), layout.get());
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

double Canvas::text_width(const std::string& s, const TextStyle& style) {
  const Layout layout = layout_for(cr_.get(), s, 0, style);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

void Canvas::paragraph(const std::string& s, const TextStyle& style, double gap, double indent) {
  // Measured first, so a paragraph is never split across pages.
  const Layout layout = layout_for(cr_.get(), s, kContent - indent, style);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  need(static_cast<double>(h) / PANGO_SCALE);
  y += text(s, kMargin + indent, y, kContent - indent, style) + gap;
}

void Canvas::heading(const std::string& s, double size) {
  need(size * 6);  // never alone at the foot of a page
  y += text(s, kMargin, y, kContent, {size, kInk, true}) + 6;
}

void Canvas::rect(double x, double top, double w, double h, Rgb color) {
  cairo_set_source_rgb(cr_.get(), color.r, color.g, color.b);
  cairo_rectangle(cr_.get(), x, top, w, h);
  cairo_fill(cr_.get());
}

void Canvas::line(double x1, double y1, double x2, double y2, Rgb color, double width,
                  bool dashed) {
  static constexpr double kDash[] = {4.0, 3.0};
  cairo_set_source_rgb(cr_.get(), color.r, color.g, color.b);
  cairo_set_line_width(cr_.get(), width);
  cairo_set_dash(cr_.get(), kDash, dashed ? 2 : 0, 0);
  cairo_move_to(cr_.get(), x1, y1);
  cairo_line_to(cr_.get(), x2, y2);
  cairo_stroke(cr_.get());
  cairo_set_dash(cr_.get(), nullptr, 0, 0);
}

void Canvas::polyline(const std::vector<std::vector<std::pair<double, double>>>& runs, Rgb color,
                      double width) {
  cairo_set_source_rgb(cr_.get(), color.r, color.g, color.b);
  cairo_set_line_width(cr_.get(), width);
  cairo_set_line_join(cr_.get(), CAIRO_LINE_JOIN_ROUND);
  for (const auto& run : runs) {
    if (run.size() == 1) dot(run.front().first, run.front().second, width, color);
    if (run.size() < 2) continue;
    cairo_move_to(cr_.get(), run.front().first, run.front().second);
    for (const auto& [x, py] : run) cairo_line_to(cr_.get(), x, py);
    cairo_stroke(cr_.get());
  }
}

void Canvas::dot(double x, double y_, double radius, Rgb color) {
  cairo_set_source_rgb(cr_.get(), color.r, color.g, color.b);
  cairo_arc(cr_.get(), x, y_, radius, 0, 2 * G_PI);
  cairo_fill(cr_.get());
}

}  // namespace roi::modules::reports

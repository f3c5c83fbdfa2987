#include "modules/reports/chart_scale.hpp"

#include <algorithm>
#include <cmath>

namespace roi::modules::reports {

Ticks nice_ticks(double max, int target) {
  Ticks t;
  if (!(max > 0) || !std::isfinite(max)) max = 1;
  const double raw = max / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  const double factor = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  t.step = factor * magnitude;
  t.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(t.step) + 1e-9)));
  const int count = static_cast<int>(std::ceil(max / t.step - 1e-9));
  for (int i = 0; i <= count; ++i) t.values.push_back(t.step * i);
  return t;
}

int date_label_step(int days, int max_labels) {
  for (const int step : {1, 2, 7, 14}) {
    if ((days + step - 1) / step <= max_labels) return step;
  }
  int step = 28;
  while ((days + step - 1) / step > max_labels) step *= 2;
  return step;
}

}  // namespace roi::modules::reports

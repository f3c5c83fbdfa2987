// The axes of the report's charts: round tick values ("nice numbers", 1, 2 or 5 times a power
// of ten) up to at least the largest value, and a step of days that labels a date axis evenly.
#pragma once

#include <vector>

namespace roi::modules::reports {

struct Ticks {
  double step = 1;
  std::vector<double> values;  // 0, step, 2·step, … up to the first at or above the maximum
  int decimals = 0;            // the decimals a label needs to tell the ticks apart
};

// About `target` intervals from zero to `max`; max <= 0 gives 0..1.
Ticks nice_ticks(double max, int target = 5);

// Every how many days a date axis of `days` days is labelled, for at most `max_labels` labels:
// 1, 2, 7, 14, 28, 56, … days.
int date_label_step(int days, int max_labels = 8);

}  // namespace roi::modules::reports

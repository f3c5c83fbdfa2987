// Insights on a report: short statements with a kind. The host writes its own (`builtin`)
// when the AI service cannot answer; they are stored as JSON either way.
#pragma once

#include <string>
#include <vector>

#include "modules/reports/period_summary.hpp"

namespace roi::modules::reports {

struct Insight {
  std::string kind;  // e.g. best_campaign, spend_concentration, budget_shift
  std::string text;
};

// Best and worst campaigns by ROAS, spend concentration, CPA and ROAS change against the
// previous period, and a budget shift with amounts. Only what the data supports is said.
std::vector<Insight> builtin_insights(const PeriodSummary& s);

// [{"kind":…,"text":…},…]
std::string insights_to_json(const std::vector<Insight>& insights);
// Reads what insights_to_json wrote (stored data: trusted shape, checked anyway).
std::vector<Insight> insights_from_json(const std::string& json);

}  // namespace roi::modules::reports

// Insights on a report: short statements with a kind, each backed by the period's figures.
// The host finds its own (`builtin`: the facts the AI service is also sent); the AI service's
// answer is kept beside them. Stored as JSON.
#pragma once

#include <string>
#include <vector>

#include "modules/reports/period_summary.hpp"

namespace roi::modules::reports {

struct Insight {
  std::string kind;  // e.g. attribution_gap, spend_shift, cpa_rising
  std::string text;
  std::string currency;            // the section it belongs to; empty: the whole report
  std::string source = "builtin";  // builtin | ai
};

// What became of the AI service's reading of a report, as the PDF states it.
enum class AiState { Answered, NotConfigured, Unavailable };

// Per currency: the gap between platform-reported and store revenue (platform against blended
// ROAS), spend shifting between platforms against the previous period, campaigns whose CPA
// rose while their spend rose, days with spend and no conversions, concentration of spend,
// best and worst campaign by ROAS, CPA and ROAS against the previous period. Only what the
// figures support is said.
std::vector<Insight> builtin_insights(const PeriodSummary& s);

// [{"kind":…,"text":…,"currency":…,"source":…},…] ("currency" only when set).
std::string insights_to_json(const std::vector<Insight>& insights);
// Reads what insights_to_json wrote (stored data: trusted shape, checked anyway). Items stored
// before sources were recorded take `default_source`.
std::vector<Insight> insights_from_json(const std::string& json,
                                        const std::string& default_source = "builtin");

}  // namespace roi::modules::reports

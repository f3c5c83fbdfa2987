// One report's work: aggregate the period, find the host's own insights, take the AI
// service's reading of them (stored while the user's data is unchanged), draw the PDF, store
// the outcome.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "modules/dashboard/dashboard_store.hpp"
#include "modules/reports/ai_insights.hpp"
#include "modules/reports/report_store.hpp"
#include "observability/log.hpp"

namespace roi::modules::reports {

// Draws the report's PDF to `path` (throws on failure).
using PdfRender =
    std::function<void(const Report&, const PeriodSummary&, const std::vector<Insight>&, AiState,
                       const std::filesystem::path& path)>;

struct JobServices {
  ReportStore& reports;
  dashboard::DashboardStore& data;
  const AiInsightsClient& ai;
  PdfRender render;
  std::filesystem::path folder;  // where PDFs are written
  observability::Logger& log;
  // How long a claim holds without a word from its worker; the AI call's deadline is added to it
  // while the job waits for the AI service.
  std::chrono::seconds lease;
};

// The worker no longer holds the report: another took it over after this claim lapsed, or the
// user deleted it. The job stops without touching it.
class ClaimLost : public std::runtime_error {
 public:
  ClaimLost() : std::runtime_error("the report's claim was lost") {}
};

// Runs a report `worker` claimed to `ready`, holding the claim at each step. Throws ClaimLost
// when the claim is gone, anything else on failure (the worker marks the report failed).
void run_report(const JobServices& s, const Report& report, const std::string& worker);

}  // namespace roi::modules::reports

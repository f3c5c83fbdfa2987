// One report's work: aggregate the period, find the host's own insights, take the AI
// service's reading of them (stored while the user's data is unchanged), draw the PDF, store
// the outcome.
#pragma once

#include <filesystem>
#include <functional>

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
};

// Runs a claimed report to `ready`. Throws on failure; the worker marks it failed.
void run_report(const JobServices& s, const Report& report);

}  // namespace roi::modules::reports

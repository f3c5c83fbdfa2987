// Draws a report as a PDF with cairo (shapes) and pango (text): a cover with the period and
// the KPI table, the spend-versus-revenue trend and ROAS-by-platform charts, the top campaigns
// and the insights.
#pragma once

#include <filesystem>
#include <vector>

#include "modules/reports/insights.hpp"
#include "modules/reports/period_summary.hpp"
#include "modules/reports/report_store.hpp"

namespace roi::modules::reports {

// Throws std::runtime_error when cairo cannot write the file.
void render_pdf(const Report& report, const PeriodSummary& summary,
                const std::vector<Insight>& insights, bool builtin_insights,
                const std::filesystem::path& path);

}  // namespace roi::modules::reports

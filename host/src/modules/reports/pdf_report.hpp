// Draws a report as a PDF: a cover (period, every currency at a glance, the key findings and
// the AI service's reading or why there is none), then a section per currency (key figures,
// spend share by platform, daily trend, platform against blended ROAS, campaigns, findings).
#pragma once

#include <filesystem>
#include <vector>

#include "modules/reports/insights.hpp"
#include "modules/reports/period_summary.hpp"
#include "modules/reports/report_store.hpp"

namespace roi::modules::reports {

// Throws std::runtime_error when cairo cannot write the file.
void render_pdf(const Report& report, const PeriodSummary& summary,
                const std::vector<Insight>& insights, AiState ai,
                const std::filesystem::path& path);

}  // namespace roi::modules::reports

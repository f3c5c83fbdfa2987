// The report as the AI service receives it (docs/AI_SERVICE.md): every currency's figures and
// the facts the host found in them, so the service's answer can stand beside those facts.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "modules/reports/insights.hpp"
#include "modules/reports/period_summary.hpp"

namespace roi::modules::reports {

std::string ai_request_json(const PeriodSummary& s, const std::vector<Insight>& facts,
                            std::size_t max_campaigns);

}  // namespace roi::modules::reports

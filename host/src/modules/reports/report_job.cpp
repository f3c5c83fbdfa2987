#include "modules/reports/report_job.hpp"

#include <stdexcept>

#include "modules/reports/ai_request.hpp"

namespace roi::modules::reports {

void run_report(const JobServices& s, const Report& report) {
  // The version is read before the figures, so insights are never filed under a version
  // newer than the data they describe.
  const auto states = s.data.user_states({report.user_id});
  if (states.empty()) throw std::runtime_error("report owner no longer exists");
  const std::int64_t version = states.front().second.data_version;
  const PeriodSummary summary = summarize(s.data, report.user_id, report.range);

  Outcome outcome;
  outcome.data_version = version;
  std::vector<Insight> insights;
  if (auto stored = s.reports.reusable_insights(report.user_id, report.range, version)) {
    outcome.insights_json = std::move(stored->first);
    outcome.insights_source = std::move(stored->second);
    insights = insights_from_json(outcome.insights_json, outcome.insights_source);
    s.log.info("report_insights_reused").num("report", report.id);
  } else {
    // The host's facts always; the AI service reads the same facts and its answer joins them.
    insights = builtin_insights(summary);
    AiAnswer answer = s.ai.ask(ai_request_json(summary, insights, 50));
    if (answer.failure) {
      s.log.warn("report_ai_fallback")
          .num("report", report.id)
          .str("reason", failure_name(*answer.failure))
          .num("attempts", answer.attempts);
      outcome.insights_source = "builtin";
    } else {
      insights.insert(insights.end(), answer.insights.begin(), answer.insights.end());
      outcome.insights_source = "ai";
    }
    outcome.insights_json = insights_to_json(insights);
  }
  const AiState ai = outcome.insights_source == "ai" ? AiState::Answered
                     : s.ai.configured()             ? AiState::Unavailable
                                                     : AiState::NotConfigured;

  const auto file =
      s.folder / std::to_string(report.user_id) / (std::to_string(report.id) + ".pdf");
  std::filesystem::create_directories(file.parent_path());
  const auto partial = file.string() + ".partial";
  s.render(report, summary, insights, ai, partial);
  // Renamed into place only when complete, so a link never serves half a file.
  std::filesystem::rename(partial, file);
  outcome.pdf_path = std::filesystem::relative(file, s.folder).string();
  if (!s.reports.finish(report.id, outcome)) {
    // Deleted while it was drawn: the delete found no file yet, so the job removes it.
    std::filesystem::remove(file);
  }
}

}  // namespace roi::modules::reports

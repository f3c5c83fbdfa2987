#include "modules/reports/report_job.hpp"

#include <stdexcept>

#include "modules/reports/ai_request.hpp"

namespace roi::modules::reports {

namespace {

void hold(const JobServices& s, const Report& report, const std::string& worker,
          std::chrono::seconds lease) {
  if (!s.reports.hold(report.id, worker, lease)) throw ClaimLost();
}

}  // namespace

void run_report(const JobServices& s, const Report& report, const std::string& worker) {
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
    // A claim taken over meanwhile would make this a second paid call for one report.
    hold(s, report, worker, s.lease + std::chrono::ceil<std::chrono::seconds>(s.ai.deadline()));
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

  hold(s, report, worker, s.lease);
  const auto file =
      s.folder / std::to_string(report.user_id) / (std::to_string(report.id) + ".pdf");
  std::filesystem::create_directories(file.parent_path());
  // The worker's own partial file: a worker whose claim lapsed may still be drawing beside the
  // one that took the report over.
  const auto partial = file.string() + "." + worker + ".partial";
  s.render(report, summary, insights, ai, partial);
  if (!s.reports.hold(report.id, worker, s.lease)) {
    std::filesystem::remove(partial);
    throw ClaimLost();
  }
  // Renamed into place only when complete, so a link never serves half a file.
  std::filesystem::rename(partial, file);
  outcome.pdf_path = std::filesystem::relative(file, s.folder).string();
  switch (s.reports.finish(report.id, worker, outcome)) {
    case Stored::Ready:
      break;
    case Stored::Deleted:
      // Deleted while it was drawn: the delete found no file yet, so the job removes it.
      std::filesystem::remove(file);
      break;
    case Stored::Lost:
      // The worker that took the report over writes the same file and stores it.
      throw ClaimLost();
  }
}

}  // namespace roi::modules::reports

#include "modules/reports/report_settings.hpp"

namespace roi::modules::reports {

std::vector<config::Key<ReportSettings>> report_keys() {
  using S = ReportSettings;
  return {
      config::string_key<S>("reports.folder", "ROI_REPORTS_DIR", "reports", &S::folder,
                            "where report PDFs are written; nginx serves it internally"),
      config::integer_key<S>("reports.link_lifetime_s", "ROI_REPORT_LINK_LIFETIME_S", "300", 1,
                             86400, &S::link_lifetime_s,
                             "how long a signed download link stays valid"),
      {"reports.ai_service_url", "AI_SERVICE_URL", std::string(),
       "base of POST /insights; empty: the host writes insights",
       [](S& s, const std::string& v) {
         if (!v.empty() && v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
           config::invalid("reports.ai_service_url", v, "an http(s) URL or nothing");
         }
         // The contract's path is appended to the base, so a trailing slash would double.
         s.ai_service_url = v.ends_with('/') ? v.substr(0, v.size() - 1) : v;
       },
       [](const S& s) { return s.ai_service_url; }},
      config::integer_key<S>("reports.ai_timeout_ms", "ROI_AI_TIMEOUT_MS", "10000", 100, 120000,
                             &S::ai_timeout_ms, "per attempt"),
      config::integer_key<S>("reports.ai_retries", "ROI_AI_RETRIES", "2", 0, 5, &S::ai_retries,
                             "further attempts after a timeout, a network error or a 5xx"),
      config::integer_key<S>("reports.ai_deadline_ms", "ROI_AI_DEADLINE_MS", "15000", 100, 600000,
                             &S::ai_deadline_ms,
                             "every attempt and pause of one report's AI call, in all"),
      config::integer_key<S>("reports.poll_ms", "ROI_REPORTS_POLL_MS", "2000", 50, 600000,
                             &S::poll_ms,
                             "how often the workers look for reports queued by other hosts"),
      config::integer_key<S>("reports.workers", "ROI_REPORTS_WORKERS", "2", 1, 32, &S::workers,
                             "report threads in this process (roi-report)"),
      config::integer_key<S>("reports.lease_s", "ROI_REPORTS_LEASE_S", "60", 1, 3600, &S::lease_s,
                             "a running report whose worker has not been heard of for this long "
                             "(plus reports.ai_deadline_ms while it waits for the AI service) is "
                             "taken over by another worker; a dead host's at once"),
  };
}

}  // namespace roi::modules::reports

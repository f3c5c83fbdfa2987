#include "app/report_components.hpp"

#include "modules/reports/pdf_report.hpp"
#include "security/derived_key.hpp"

namespace roi::app {
namespace {

// Three claims: a report whose host stopped twice under it is not given a third chance to.
constexpr int kMaxAttempts = 3;
// The AI service answers with a few kilobytes; anything near this is not an answer.
constexpr std::size_t kMaxAiAnswerBytes = 1u << 20;

modules::reports::AiSettings ai_settings(const modules::reports::ReportSettings& r) {
  return {r.ai_service_url, std::chrono::milliseconds(r.ai_timeout_ms), r.ai_retries,
          std::chrono::milliseconds(200), std::chrono::milliseconds(r.ai_deadline_ms)};
}

}  // namespace

ReportComponents::ReportComponents(const Settings& settings, store::Pool& pool,
                                   modules::billing::PlanLimits& limits, observability::Logger& log,
                                   const std::string& secret, std::int32_t owner)
    : folder_(std::filesystem::absolute(settings.reports.folder)),
      data_(pool),
      reports_(pool, kMaxAttempts),
      http_(kMaxAiAnswerBytes),
      ai_(ai_settings(settings.reports),
          [this](const sdk::HttpRequest& r) { return http_.send(r, r.timeout); }),
      links_(security::derive_key(secret, "roi report link v1"),
             std::chrono::seconds(settings.reports.link_lifetime_s)),
      worker_({reports_, data_, ai_, modules::reports::render_pdf, folder_, log,
               std::chrono::seconds(settings.reports.lease_s)},
              owner, std::chrono::milliseconds(settings.reports.poll_ms), settings.reports.workers),
      services_{reports_, limits, [this] { worker_.wake(); }, folder_, links_} {
  std::filesystem::create_directories(folder_);
}

ReportComponents::~ReportComponents() { stop(); }

void ReportComponents::register_procedures(api::ProcedureRegistry& registry) {
  modules::reports::register_procedures(registry, services_);
}

void ReportComponents::start() { worker_.start(); }
void ReportComponents::stop() { worker_.stop(); }

http::Response ReportComponents::download(const http::Request& request) {
  return modules::reports::serve_download(services_, request);
}

}  // namespace roi::app

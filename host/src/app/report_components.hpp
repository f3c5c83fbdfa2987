// Reports built from settings: the repositories, the AI service client, the signed download
// links, the background worker, and the reports.* procedures and download route.
#pragma once

#include <memory>

#include "api/procedure.hpp"
#include "app/settings.hpp"
#include "http/message.hpp"
#include "modules/billing/plan_limits.hpp"
#include "modules/reports/report_worker.hpp"
#include "modules/reports/reports_module.hpp"
#include "net/curl_client.hpp"
#include "observability/log.hpp"
#include "store/dashboard_repository.hpp"
#include "store/pool.hpp"
#include "store/report_repository.hpp"

namespace roi::app {

class ReportComponents {
 public:
  // `secret` is the host's signing secret; the download link key is derived from it. `owner` is
  // this process's OwnerLock number, recorded with the worker's claims.
  ReportComponents(const Settings& settings, store::Pool& pool,
                   modules::billing::PlanLimits& limits, observability::Logger& log,
                   const std::string& secret, std::int32_t owner);
  ~ReportComponents();

  void register_procedures(api::ProcedureRegistry& registry);
  // Starts the worker (after the procedures are registered and migrations have run).
  void start();
  // Lets the report being drawn finish and stops the worker; the destructor does it too.
  void stop();
  http::Response download(const http::Request& request);

 private:
  std::filesystem::path folder_;
  store::DashboardRepository data_;
  store::ReportRepository reports_;
  net::CurlClient http_;
  modules::reports::AiInsightsClient ai_;
  modules::reports::DownloadLinks links_;
  modules::reports::ReportWorker worker_;
  modules::reports::Services services_;
};

}  // namespace roi::app

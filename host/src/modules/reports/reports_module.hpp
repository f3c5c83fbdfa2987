// reports.generate, reports.list, reports.delete and reports.getPdf: the user's reports,
// queued for the background worker and read back with their status and insights.
#pragma once

#include <filesystem>
#include <functional>

#include "api/procedure.hpp"
#include "http/message.hpp"
#include "modules/billing/plan_limits.hpp"
#include "modules/reports/download_link.hpp"
#include "modules/reports/report_store.hpp"

namespace roi::modules::reports {

struct Services {
  ReportStore& reports;
  billing::PlanLimits& limits;
  std::function<void()> queued;  // wakes the worker
  std::filesystem::path folder;  // where PDFs live
  const DownloadLinks& links;
};

void register_procedures(api::ProcedureRegistry& registry, Services services);

// GET kDownloadPrefix<id>?u=&e=&s=: checks the link and the owner, then hands the file to
// nginx (X-Accel-Redirect to its internal /_reports/ location).
http::Response serve_download(const Services& services, const http::Request& request);

}  // namespace roi::modules::reports

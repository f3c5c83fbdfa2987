// Reports' settings (reports.*) and their declarations.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::modules::reports {

struct ReportSettings {
  std::string folder;          // where report PDFs are written; nginx serves it internally
  int link_lifetime_s = 0;     // how long a signed download link stays valid
  std::string ai_service_url;  // base of POST /insights; empty: the host writes insights
  int ai_timeout_ms = 0;       // per attempt
  int ai_retries = 0;          // further attempts after a timeout, a network error or a 5xx
  int ai_deadline_ms = 0;      // every attempt and pause of one report's AI call, in all
  int poll_ms = 0;             // how often the workers look for reports queued by other hosts
  int workers = 0;             // report threads in this process
  int lease_s = 0;  // a running report not heard of for this long is taken over by another worker
};

std::vector<config::Key<ReportSettings>> report_keys();

}  // namespace roi::modules::reports

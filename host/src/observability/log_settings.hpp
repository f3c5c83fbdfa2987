// The log's settings (log.*) and their declarations.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::observability {

struct LogSettings {
  std::string level;     // debug | info | warn | error
  bool requests = true;  // one JSON line per request
};

std::vector<config::Key<LogSettings>> log_keys();

}  // namespace roi::observability

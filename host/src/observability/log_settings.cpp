#include "observability/log_settings.hpp"

namespace roi::observability {

std::vector<config::Key<LogSettings>> log_keys() {
  using S = LogSettings;
  return {
      config::string_key<S>("log.level", "ROI_LOG_LEVEL", "info", &S::level,
                            "debug, info, warn or error",
                            [](const std::string& v) {
                              if (v != "debug" && v != "info" && v != "warn" && v != "error") {
                                config::invalid("log.level", v, "one of debug, info, warn, error");
                              }
                            }),
      config::bool_key<S>("log.requests", "ROI_LOG_REQUESTS", "true", &S::requests,
                          "one JSON line per request"),
  };
}

}  // namespace roi::observability

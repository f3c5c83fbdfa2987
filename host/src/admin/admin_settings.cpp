#include "admin/admin_settings.hpp"

namespace roi::admin {

std::vector<config::Key<AdminSettings>> admin_keys() {
  using S = AdminSettings;
  return {
      {"admin.token", "ROI_ADMIN_TOKEN", std::string(),
       "bearer token for /admin/* and /metrics from other than loopback; empty: off",
       [](S& s, const std::string& v) {
         if (!v.empty() && v.size() < 32) {
           config::invalid("admin.token", "(hidden)", "at least 32 characters");
         }
         s.token = v;
       },
       [](const S& s) { return std::string(s.token.empty() ? "" : "(set)"); }},
  };
}

}  // namespace roi::admin

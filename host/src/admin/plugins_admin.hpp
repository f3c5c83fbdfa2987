// /admin/plugins (GET: every file in the plugins folder with checksum, load time, swap count
// and last refusal) and /admin/plugins/reload (POST: look at the folder again), for operators.
#pragma once

#include <string>

#include "http/message.hpp"
#include "observability/log.hpp"
#include "plugins/plugin_host.hpp"

namespace roi::admin {

class PluginsAdmin {
 public:
  PluginsAdmin(plugins::PluginHost& plugins, std::string token, observability::Logger& log);

  // Answers any /admin/* request: 403 without a configured token, 401 without the token, 415 for
  // a POST that is not application/json, 404 for unknown paths.
  http::Response handle(const http::Request& request);

 private:
  std::string status_json(const plugins::ReloadSummary* summary) const;

  plugins::PluginHost& plugins_;
  std::string token_;
  observability::Logger& log_;
};

}  // namespace roi::admin

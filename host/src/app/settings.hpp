// The host's configuration: one member per component's section, each declared beside its
// component (config/key.hpp); loaded from conf/roi.yaml, overridden from the environment and
// checked once at start.
#pragma once

#include <string>
#include <vector>

#include "admin/admin_settings.hpp"
#include "auth/auth_settings.hpp"
#include "config/key.hpp"
#include "fcgi/server_settings.hpp"
#include "http/web_settings.hpp"
#include "modules/billing/billing_settings.hpp"
#include "modules/dashboard/dashboard_settings.hpp"
#include "modules/reports/report_settings.hpp"
#include "observability/log_settings.hpp"
#include "plugins/plugin_settings.hpp"
#include "store/attribution_settings.hpp"
#include "store/database_settings.hpp"
#include "sync/sync_settings.hpp"

namespace roi::app {

struct Settings {
  fcgi::ServerSettings server;
  store::DatabaseSettings database;
  observability::LogSettings log;
  auth::AuthSettings auth;
  http::WebSettings web;
  plugins::PluginSettings plugins;
  admin::AdminSettings admin;
  modules::billing::BillingSettings billing;
  modules::dashboard::DashboardSettings dashboard;
  store::AttributionSettings attribution;
  modules::reports::ReportSettings reports;
  sync::SyncSettings sync;
  plugins::ConnectorSettings connectors;
  std::string file;  // the YAML file these came from (read again for connectors); empty: text
};

// Reads the YAML file (it must exist), applies environment overrides and validates every key.
// Throws config::ConfigError.
Settings load_settings(const std::string& yaml_path, const config::Environment& env);

// Builds the same settings from YAML text (for tests and --check-config).
Settings parse_settings(const std::string& yaml_text, const std::string& source,
                        const config::Environment& env);

// The effective value of one key, as text (used by the run scripts to size nginx).
std::string setting_value(const Settings& settings, const std::string& key);

// One line per key: yaml path, environment name, default, what it is for. For --help.
std::vector<std::string> describe_keys();

}  // namespace roi::app

#include "app/settings.hpp"

#include "config/install_dirs.hpp"
#include "config/schema.hpp"

namespace roi::app {
namespace {

const config::Schema<Settings>& schema() {
  static const config::Schema<Settings> all = [] {
    config::Schema<Settings> s;
    s.section(&Settings::server, fcgi::server_keys())
        .section(&Settings::database, store::database_keys(config::installed_migrations_dir()))
        .section(&Settings::log, observability::log_keys())
        .section(&Settings::auth, auth::auth_keys())
        .section(&Settings::web, http::web_keys())
        .section(&Settings::plugins, plugins::plugin_keys(config::installed_plugins_dir()))
        .section(&Settings::admin, admin::admin_keys())
        .section(&Settings::billing, modules::billing::billing_keys())
        .section(&Settings::dashboard, modules::dashboard::dashboard_keys())
        .section(&Settings::attribution, store::attribution_keys())
        .section(&Settings::reports, modules::reports::report_keys())
        .section(&Settings::sync, sync::sync_keys())
        .family(&Settings::sync, sync::lookback_keys())
        .open(&Settings::connectors, plugins::connectors_section());
    return s;
  }();
  return all;
}

}  // namespace

Settings parse_settings(const std::string& yaml_text, const std::string& source,
                        const config::Environment& env) {
  return schema().parse(yaml_text, source, env);
}

Settings load_settings(const std::string& yaml_path, const config::Environment& env) {
  Settings settings = parse_settings(config::read_file(yaml_path), yaml_path, env);
  settings.file = yaml_path;
  return settings;
}

std::string setting_value(const Settings& settings, const std::string& key) {
  return schema().value(settings, key);
}

std::vector<std::string> describe_keys() { return schema().describe(); }

}  // namespace roi::app

#include "plugins/plugin_settings.hpp"

#include "config/loader.hpp"
#include "connector/output_checks.hpp"

namespace roi::plugins {

std::vector<config::Key<PluginSettings>> plugin_keys(const std::string& plugins_dir) {
  using S = PluginSettings;
  return {
      config::string_key<S>("plugins.dir", "ROI_PLUGINS_DIR", plugins_dir, &S::dir,
                            "every *.so here is a connector; watched for new versions"),
      config::bool_key<S>("plugins.watch", "ROI_PLUGINS_WATCH", "true", &S::watch,
                          "inotify on plugins.dir; off: only start-up, SIGHUP and /admin reloads"),
      config::integer_key<S>("plugins.load_timeout_ms", "ROI_PLUGINS_LOAD_TIMEOUT_MS", "5000", 10,
                             600000, &S::load_timeout_ms,
                             "a new worker's load, create and describe of its library"),
      config::integer_key<S>("plugins.call_timeout_ms", "ROI_PLUGINS_CALL_TIMEOUT_MS", "10000", 10,
                             600000, &S::call_timeout_ms, "any connector call but sync"),
      config::integer_key<S>("plugins.sync_timeout_ms", "ROI_PLUGINS_SYNC_TIMEOUT_MS", "3600000",
                             10, 86400000, &S::sync_timeout_ms, "one sync call"),
      config::integer_key<S>("plugins.max_workers", "ROI_PLUGINS_MAX_WORKERS", "4", 1, 256,
                             &S::max_workers,
                             "worker processes per connector version (calls at once)"),
      config::integer_key<S>("plugins.worker_memory_mb", "ROI_PLUGINS_WORKER_MEMORY_MB", "1024", 64,
                             65536, &S::worker_memory_mb, "a worker's address space limit"),
      config::optional_key<S>("plugins.worker_path", "ROI_PLUGINS_WORKER_PATH", &S::worker_path,
                              "roi-connector-worker; empty: the one next to roi-host"),
      config::string_key<S>("plugins.worker_user", "ROI_PLUGINS_WORKER_USER", "nobody",
                            &S::worker_user, "what workers run as when the host runs as root"),
      config::integer_key<S>("plugins.output_line_bytes", "ROI_PLUGINS_OUTPUT_LINE_BYTES", "2048",
                             80, 65536, &S::output_line_bytes,
                             "a line a worker prints is cut here in the host's log"),
      config::integer_key<S>("plugins.output_lines_per_s", "ROI_PLUGINS_OUTPUT_LINES_PER_S", "5", 1,
                             10000, &S::output_lines_per_s,
                             "lines of a worker's output logged a second once its burst is spent"),
      config::integer_key<S>("plugins.output_burst", "ROI_PLUGINS_OUTPUT_BURST", "200", 1, 100000,
                             &S::output_burst, "lines of output a quiet worker may log at once"),
  };
}

config::OpenSection connectors_section() {
  return {"connectors",
          [](const std::string& id) { return is_connector_id(id); },
          "connector ids",
          "a connector id (a-z, 0-9, '-')",
          [](const std::string& key) { return is_setting_key(key); },
          "setting keys",
          "a setting key (a-z, 0-9, '_')",
          "connectors.<connector id>.<setting> (env ROI_CONNECTOR_<ID>_<SETTING> or an alias the "
          "connector declares; see docs/WRITING_A_CONNECTOR.md)"};
}

ConnectorSettings load_connector_settings(const std::string& yaml_path) {
  return config::load_open_section(yaml_path, connectors_section());
}

}  // namespace roi::plugins

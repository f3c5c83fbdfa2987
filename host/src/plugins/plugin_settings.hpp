// The plugin host's settings (plugins.*), the connectors' own section (connectors.<id>.<key>,
// checked by each connector when it is loaded) and the declarations of both.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::plugins {

struct PluginSettings {
  std::string dir;              // every *.so here is a connector; watched for new versions
  bool watch = true;            // inotify on dir; off: only start-up, SIGHUP and /admin reloads
  int load_timeout_ms = 0;      // a new worker's load, create and describe of its library
  int call_timeout_ms = 0;      // any connector call but sync
  int sync_timeout_ms = 0;      // one sync call
  int max_workers = 1;          // worker processes per connector version (calls at once)
  int worker_memory_mb = 1024;  // a worker's address space limit
  std::string worker_path;      // roi-connector-worker; empty: the one next to roi-host
  std::string worker_user = "nobody";  // what workers run as when the host runs as root
  int output_line_bytes = 2048;        // a line a worker prints is cut here in the host's log
  int output_lines_per_s = 5;          // lines of a worker's output logged a second, past the burst
  int output_burst = 200;              // lines a quiet worker may log at once
};

// `plugins_dir` is the default of plugins.dir (where the host is installed).
std::vector<config::Key<PluginSettings>> plugin_keys(const std::string& plugins_dir);

// connectors.<id>.<key> of the configuration file: connector id -> setting key -> value. Any
// id- and key-shaped name is taken here; each connector checks its own against its declaration
// when it is loaded (plugins/connector_settings).
using ConnectorSettings = config::OpenValues;
config::OpenSection connectors_section();

// Reads only the connectors section of the YAML file, as the whole file's load checks it; what
// the plugin host reads again at each load. Throws config::ConfigError.
ConnectorSettings load_connector_settings(const std::string& yaml_path);

}  // namespace roi::plugins

// Where an installed host finds its files, derived from the install prefix at build time
// (cmake/InstallDirs.cmake): the defaults of the keys that name them.
#pragma once

#include <string>

namespace roi::config {

// The configuration file read without --config or ROI_CONFIG.
std::string default_config_path();
// The connector worker used when plugins.worker_path is empty and none lies next to roi-host
// (as in the build tree).
std::string installed_worker_path();
std::string installed_plugins_dir();
std::string installed_migrations_dir();

}  // namespace roi::config

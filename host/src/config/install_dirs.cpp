#include "config/install_dirs.hpp"

namespace roi::config {

std::string default_config_path() { return ROI_DEFAULT_CONFIG; }
std::string installed_worker_path() { return ROI_DEFAULT_WORKER_PATH; }
std::string installed_plugins_dir() { return ROI_DEFAULT_PLUGINS_DIR; }
std::string installed_migrations_dir() { return ROI_DEFAULT_MIGRATIONS_DIR; }

}  // namespace roi::config

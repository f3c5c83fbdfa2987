// system.*: what the frontend asks about the host itself (version, SDK ABI, loaded connectors).
#pragma once

#include <string>

#include "api/procedure.hpp"
#include "plugins/plugin_host.hpp"

namespace roi::modules::system {

struct BuildInfo {
  std::string version;
  unsigned sdk_abi_version = 0;
};

// Also registers system.connectors and system.connector (connector_procedures.hpp).
void register_procedures(api::ProcedureRegistry& registry, BuildInfo build,
                         const plugins::PluginHost& plugins);

}  // namespace roi::modules::system

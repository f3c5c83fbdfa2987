// system.*: what the frontend asks about the host itself (version, SDK ABI, loaded connectors)
// and the API's own contract (system.schema, system.openapi).
#pragma once

#include <string>

#include "api/procedure.hpp"
#include "plugins/plugin_host.hpp"

namespace roi::modules::system {

struct BuildInfo {
  std::string version;
  unsigned sdk_abi_version = 0;
  std::string endpoint;  // where the tRPC endpoint is served: "/api/trpc"
};

// system.schema and system.openapi describe every procedure of `registry`, as it is when they are
// called. Also registers system.connectors and system.connector (connector_procedures.hpp).
void register_procedures(api::ProcedureRegistry& registry, BuildInfo build,
                         const plugins::PluginHost& plugins);

}  // namespace roi::modules::system

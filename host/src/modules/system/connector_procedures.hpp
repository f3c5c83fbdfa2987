// system.connectors and system.connector: the connectors the host serves, for the frontend.
// The list comes from the registry; one connector's description is fetched live from its library.
#pragma once

#include "api/procedure.hpp"
#include "plugins/plugin_host.hpp"

namespace roi::modules::system {

void register_connector_procedures(api::ProcedureRegistry& registry,
                                   const plugins::PluginHost& plugins);

// [{"id","name","version","capabilities":[...]}, ...] for every connector serving now.
void write_connectors(api::JsonWriter& out, const plugins::PluginHost& plugins);

}  // namespace roi::modules::system

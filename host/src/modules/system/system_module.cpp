#include "modules/system/system_module.hpp"

#include "modules/system/connector_procedures.hpp"

namespace roi::modules::system {

void register_procedures(api::ProcedureRegistry& registry, BuildInfo build,
                         const plugins::PluginHost& plugins) {
  registry.add(api::Procedure{
      "system.info", api::ProcedureType::Query, nullptr,
      [build, &plugins](api::CallContext&, const rapidjson::Value&, api::JsonWriter& out) {
        out.StartObject();
        out.Key("version");
        out.String(build.version);
        out.Key("sdkAbiVersion");
        out.Uint(build.sdk_abi_version);
        out.Key("connectors");
        write_connectors(out, plugins);
        out.EndObject();
      }});
  register_connector_procedures(registry, plugins);
}

}  // namespace roi::modules::system

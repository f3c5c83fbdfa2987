#include "modules/system/system_module.hpp"

namespace roi::modules::system {

void register_procedures(api::ProcedureRegistry& registry, BuildInfo build) {
  registry.add(api::Procedure{
      "system.info", api::ProcedureType::Query, nullptr,
      [build](api::CallContext&, const rapidjson::Value&, api::JsonWriter& out) {
        out.StartObject();
        out.Key("version");
        out.String(build.version);
        out.Key("sdkAbiVersion");
        out.Uint(build.sdk_abi_version);
        out.Key("connectors");
        out.StartArray();  // connector plugins are listed here once the plugin host loads them
        out.EndArray();
        out.EndObject();
      }});
}

}  // namespace roi::modules::system

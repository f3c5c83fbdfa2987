#include "modules/system/system_module.hpp"

#include "api/schema_document.hpp"
#include "api/schema_fragments.hpp"
#include "auth/session_cookie.hpp"
#include "modules/system/connector_procedures.hpp"

namespace roi::modules::system {
namespace {

constexpr const char* kInfoOutput = R"({
  "type": "object",
  "required": ["version", "sdkAbiVersion", "connectors"],
  "additionalProperties": false,
  "properties": {
    "version": {"type": "string"},
    "sdkAbiVersion": {"type": "integer", "minimum": 0},
    "connectors": {"type": "array", "items": )" ROI_SCHEMA_CONNECTOR R"(}
  }
})";

// Kept open: the document is described in full by its own "procedures" entries.
constexpr const char* kSchemaOutput = R"({
  "type": "object",
  "required": ["version", "endpoint", "error", "procedures"],
  "properties": {
    "version": {"type": "string"},
    "endpoint": {"type": "string"},
    "error": {"type": "object"},
    "procedures": {"type": "array", "items": {
      "type": "object",
      "required": ["path", "type", "requiresSession", "input", "output", "errors"],
      "additionalProperties": false,
      "properties": {
        "path": {"type": "string"},
        "type": {"enum": ["query", "mutation"]},
        "requiresSession": {"type": "boolean"},
        "input": {"type": ["object", "null"]},
        "output": {"type": "object"},
        "errors": {"type": "array", "items": {"type": "string"}}
      }
    }}
  }
})";

constexpr const char* kOpenApiOutput = R"({
  "type": "object",
  "required": ["openapi", "info", "paths", "components"],
  "properties": {"openapi": {"const": "3.1.0"}}
})";

}  // namespace

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
      },
      api::Access::Public, kInfoOutput});
  register_connector_procedures(registry, plugins);

  // Both describe the registry as it is at the call: a family's members follow the connectors.
  registry.add(api::Procedure{
      "system.schema", api::ProcedureType::Query, nullptr,
      [build, &registry](api::CallContext&, const rapidjson::Value&, api::JsonWriter& out) {
        api::write_schema_document(out, registry,
                                   {build.version, build.endpoint, roi::auth::kSessionCookieName});
      },
      api::Access::Public, kSchemaOutput});
  registry.add(api::Procedure{
      "system.openapi", api::ProcedureType::Query, nullptr,
      [build, &registry](api::CallContext&, const rapidjson::Value&, api::JsonWriter& out) {
        api::write_openapi_document(out, registry,
                                    {build.version, build.endpoint, roi::auth::kSessionCookieName});
      },
      api::Access::Public, kOpenApiOutput});
}

}  // namespace roi::modules::system

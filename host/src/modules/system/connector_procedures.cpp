#include "modules/system/connector_procedures.hpp"

#include "api/connector_json.hpp"
#include "api/schema_fragments.hpp"
#include "connector/output_checks.hpp"

namespace roi::modules::system {
namespace {

void write_connector(api::JsonWriter& out, const sdk::Description& d) {
  out.StartObject();
  api::connector_members(out, d);
  out.EndObject();
}

}  // namespace

void write_connectors(api::JsonWriter& out, const plugins::PluginHost& plugins) {
  out.StartArray();
  for (const auto& d : plugins.connectors()) write_connector(out, d);
  out.EndArray();
}

void register_connector_procedures(api::ProcedureRegistry& registry,
                                   const plugins::PluginHost& plugins) {
  registry.add(api::Procedure{"system.connectors", api::ProcedureType::Query, nullptr,
                              [&plugins](api::CallContext&, const rapidjson::Value&,
                                         api::JsonWriter& out) { write_connectors(out, plugins); },
                              api::Access::Public,
                              R"({"type": "array", "items": )" ROI_SCHEMA_CONNECTOR "}"});

  // Answers from the description the serving version gave at load: no connector code runs for
  // an anonymous caller.
  registry.add(api::Procedure{
      "system.connector",
      api::ProcedureType::Query,
      std::make_shared<const api::InputSchema>(R"({
        "type": "object",
        "required": ["id"],
        "additionalProperties": false,
        "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 64}}
      })"),
      [&plugins](api::CallContext&, const rapidjson::Value& input, api::JsonWriter& out) {
        // The plugin host's own rule for ids, so the two can never disagree.
        const std::string id = input["id"].GetString();
        if (!plugins::is_connector_id(id)) {
          throw api::Error(api::ErrorCode::BadRequest, "id is not a connector id")
              .with_data("field", "id");
        }
        write_connector(out, plugins.client(id).loaded_description());
      },
      api::Access::Public,
      ROI_SCHEMA_CONNECTOR,
      {api::ErrorCode::NotFound}});
}

}  // namespace roi::modules::system

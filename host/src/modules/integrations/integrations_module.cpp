#include "modules/integrations/integrations_module.hpp"

#include <memory>

#include "api/error.hpp"
#include "modules/integrations/connect_procedures.hpp"
#include "modules/integrations/integration_json.hpp"

namespace roi::modules::integrations {
namespace {

using api::Error;
using api::ErrorCode;

constexpr const char* kSyncSchema = R"({
  "type": "object",
  "properties": {"integrationId": {"type": "integer", "minimum": 1}},
  "required": ["integrationId"],
  "additionalProperties": false
})";

constexpr const char* kDisconnectSchema = R"({
  "type": "object",
  "properties": {
    "integrationId": {"type": "integer", "minimum": 1},
    "keepData": {"type": "boolean"}
  },
  "required": ["integrationId"],
  "additionalProperties": false
})";

constexpr const char* kSyncOutput = R"({
  "type": "object",
  "required": ["jobId", "status"],
  "additionalProperties": false,
  "properties": {
    "jobId": {"type": "integer", "minimum": 1},
    "status": {"enum": ["queued", "running"]}
  }
})";

constexpr const char* kDisconnectOutput = R"({
  "type": "object",
  "required": ["disconnected", "dataKept"],
  "additionalProperties": false,
  "properties": {"disconnected": {"const": true}, "dataKept": {"type": "boolean"}}
})";

}  // namespace

void register_procedures(api::ProcedureRegistry& registry, Services services) {
  registry.add(api::Procedure{
      "integrations.list", api::ProcedureType::Query, nullptr,
      [services](api::CallContext& ctx, const rapidjson::Value&, api::JsonWriter& out) {
        out.StartArray();
        for (const auto& s : services.store.list(ctx.current_user().id)) write_integration(out, s);
        out.EndArray();
      },
      api::Access::User, R"({"type": "array", "items": )" ROI_SCHEMA_INTEGRATION "}"});

  register_connect_procedures(registry, services);

  registry.add(api::Procedure{
      "integrations.sync",
      api::ProcedureType::Mutation,
      std::make_shared<api::InputSchema>(kSyncSchema),
      [services](api::CallContext& ctx, const rapidjson::Value& input, api::JsonWriter& out) {
        const std::int64_t user = ctx.current_user().id;
        const auto plan = services.limits.plan_of(user);
        const auto manual = services.sync.queue_manual(
            user, input["integrationId"].GetInt64(), billing::limits_of(plan).manual_sync_interval);
        if (manual.next_allowed) {
          throw billing::PlanLimits::manual_sync_limited(plan, *manual.next_allowed, manual.wait);
        }
        // Another user's id, a disconnected one and a missing one get the same answer.
        const auto& job = manual.job;
        if (!job) throw Error(ErrorCode::NotFound, "Integration not found or not connected");
        out.StartObject();
        out.Key("jobId");
        out.Int64(job->job_id);
        out.Key("status");
        out.String(job->status);
        out.EndObject();
      },
      api::Access::User,
      kSyncOutput,
      {ErrorCode::NotFound}});

  registry.add(api::Procedure{
      "integrations.disconnect",
      api::ProcedureType::Mutation,
      std::make_shared<api::InputSchema>(kDisconnectSchema),
      [services](api::CallContext& ctx, const rapidjson::Value& input, api::JsonWriter& out) {
        const bool keep = !input.HasMember("keepData") || input["keepData"].GetBool();
        // Another user's id gets the same answer as one that never existed.
        if (!services.store.disconnect(ctx.current_user().id, input["integrationId"].GetInt64(),
                                       keep)) {
          throw Error(ErrorCode::NotFound, "Integration not found");
        }
        out.StartObject();
        out.Key("disconnected");
        out.Bool(true);
        out.Key("dataKept");
        out.Bool(keep);
        out.EndObject();
      },
      api::Access::User,
      kDisconnectOutput,
      {ErrorCode::NotFound}});
}

}  // namespace roi::modules::integrations

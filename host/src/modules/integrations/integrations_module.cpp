#include "modules/integrations/integrations_module.hpp"

#include <memory>

#include "api/error.hpp"

namespace roi::modules::integrations {
namespace {

using api::Error;
using api::ErrorCode;
namespace core = roi::integrations;

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

void optional_string(api::JsonWriter& out, const char* key, const std::optional<std::string>& v) {
  out.Key(key);
  if (v) {
    out.String(*v);
  } else {
    out.Null();
  }
}

void write_sync(api::JsonWriter& out, const std::optional<core::SyncProgress>& p) {
  out.Key("sync");
  if (!p) {
    out.Null();
    return;
  }
  out.StartObject();
  out.Key("jobId");
  out.Int64(p->job_id);
  out.Key("status");
  out.String(p->status);
  out.Key("percent");
  if (p->percent) {
    out.Double(*p->percent);
  } else {
    out.Null();
  }
  out.Key("rowsRead");
  out.Int64(p->rows_read);
  out.Key("rowsWritten");
  out.Int64(p->rows_written);
  out.EndObject();
}

void write_last_run(api::JsonWriter& out, const std::optional<core::LastRun>& r) {
  out.Key("lastRun");
  if (!r) {
    out.Null();
    return;
  }
  out.StartObject();
  out.Key("outcome");
  out.String(r->outcome);
  out.Key("finishedAt");
  out.String(r->finished_at);
  out.Key("rowsRead");
  out.Int64(r->rows_read);
  out.Key("rowsWritten");
  out.Int64(r->rows_written);
  out.Key("durationMs");
  out.Int64(r->duration_ms);
  optional_string(out, "error", r->error);
  out.EndObject();
}

void write_integration(api::JsonWriter& out, const core::IntegrationSummary& s) {
  out.StartObject();
  out.Key("id");
  out.Int64(s.id);
  out.Key("platform");
  out.String(s.platform);
  out.Key("accountId");
  out.String(s.account_id);
  out.Key("accountName");
  out.String(s.account_name);
  optional_string(out, "currency", s.currency.empty() ? std::nullopt : std::optional(s.currency));
  out.Key("status");
  out.String(s.status);
  optional_string(out, "lastSync", s.last_sync);
  optional_string(out, "lastError", s.last_error);
  out.Key("needsReauth");
  out.Bool(s.status == "needs_reauth");
  write_sync(out, s.sync);
  write_last_run(out, s.last_run);
  out.EndObject();
}

// host[:port] as a browser sends it: letters, digits, '.', '-', ':' and IPv6 brackets only.
bool plausible_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

// Where the platform sends the browser back: the configured origin, else the one the browser
// used to reach us (fine behind nginx on plain HTTP; set PUBLIC_URL for anything else).
std::string callback_base(const Services& s, const http::Request& request) {
  if (!s.public_url.empty()) return s.public_url;
  const auto host = request.header("host");
  if (!plausible_host(host)) throw Error(ErrorCode::BadRequest, "Missing or invalid Host header");
  return "http://" + std::string(host);
}

api::Handler connect_handler(const Services& s, const core::Platform& platform) {
  return [s, &platform](api::CallContext& ctx, const rapidjson::Value&, api::JsonWriter& out) {
    const auto url = s.connect.start(ctx.current_user().id, platform, callback_base(s, ctx.request));
    out.StartObject();
    out.Key("platform");
    out.String(platform.id.data(), static_cast<rapidjson::SizeType>(platform.id.size()));
    out.Key("authorizeUrl");
    out.String(url);
    out.EndObject();
  };
}

constexpr const char* kConnectShopifySchema = R"({
  "type": "object",
  "properties": {"shop": {"type": "string", "maxLength": 255, "pattern": "^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$"}},
  "required": ["shop"],
  "additionalProperties": false
})";

// Shopify installs on the merchant's own shop, so the shop is part of the install URL.
api::Handler connect_shopify_handler(const Services& s) {
  return [s](api::CallContext& ctx, const rapidjson::Value& input, api::JsonWriter& out) {
    const std::string shop = input["shop"].GetString();
    const auto url = s.connect.start(ctx.current_user().id, core::kShopify, callback_base(s, ctx.request),
                                     {{"shop", shop}}, shop);
    out.StartObject();
    out.Key("platform");
    out.String("shopify");
    out.Key("shop");
    out.String(shop);
    out.Key("authorizeUrl");
    out.String(url);
    out.EndObject();
  };
}

}  // namespace

void register_procedures(api::ProcedureRegistry& registry, Services services) {
  registry.add(api::Procedure{
      "integrations.list", api::ProcedureType::Query, nullptr,
      [services](api::CallContext& ctx, const rapidjson::Value&, api::JsonWriter& out) {
        out.StartArray();
        for (const auto& s : services.store.list(ctx.current_user().id)) write_integration(out, s);
        out.EndArray();
      },
      api::Access::User});

  registry.add(api::Procedure{"integrations.connectGoogleAds", api::ProcedureType::Mutation,
                              nullptr, connect_handler(services, core::kGoogleAds),
                              api::Access::User});
  registry.add(api::Procedure{"integrations.connectMeta", api::ProcedureType::Mutation, nullptr,
                              connect_handler(services, core::kMeta), api::Access::User});
  registry.add(api::Procedure{"integrations.connectShopify", api::ProcedureType::Mutation,
                              std::make_shared<api::InputSchema>(kConnectShopifySchema),
                              connect_shopify_handler(services), api::Access::User});

  registry.add(api::Procedure{
      "integrations.sync", api::ProcedureType::Mutation,
      std::make_shared<api::InputSchema>(kSyncSchema),
      [services](api::CallContext& ctx, const rapidjson::Value& input, api::JsonWriter& out) {
        // Another user's id, a disconnected one and a missing one get the same answer.
        const auto job = services.sync.queue(ctx.current_user().id,
                                             input["integrationId"].GetInt64(), true);
        if (!job) throw Error(ErrorCode::NotFound, "Integration not found or not connected");
        out.StartObject();
        out.Key("jobId");
        out.Int64(job->job_id);
        out.Key("status");
        out.String(job->status);
        out.EndObject();
      },
      api::Access::User});

  registry.add(api::Procedure{
      "integrations.disconnect", api::ProcedureType::Mutation,
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
      api::Access::User});
}

}  // namespace roi::modules::integrations

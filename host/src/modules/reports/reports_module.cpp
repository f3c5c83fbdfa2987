#include "modules/reports/reports_module.hpp"

#include <memory>
#include <string>

#include "api/error.hpp"
#include "api/schema_fragments.hpp"
#include "modules/reports/insights.hpp"
#include "text/utf8.hpp"

namespace roi::modules::reports {
namespace {

constexpr const char* kGenerateSchema = R"({
  "type": "object",
  "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "start": {"type": "string", "maxLength": 10},
    "end": {"type": "string", "maxLength": 10}
  },
  "required": ["name", "start", "end"],
  "additionalProperties": false
})";

constexpr const char* kListSchema = R"({
  "type": "object",
  "properties": {
    "limit": {"type": "integer", "minimum": 1, "maximum": 100},
    "cursor": {"type": "integer", "minimum": 1}
  },
  "additionalProperties": false
})";

constexpr const char* kIdSchema = R"({
  "type": "object",
  "properties": {"id": {"type": "integer", "minimum": 1}},
  "required": ["id"],
  "additionalProperties": false
})";

// What write_report writes; insights are set once the report is ready.
#define ROI_REPORT_SCHEMA                                                                      \
  R"({"type": "object", "additionalProperties": false,)"                                       \
  R"( "required": ["id", "name", "start", "end", "status", "createdAt", "insightsSource",)"    \
  R"( "insights", "hasPdf"], "properties": {)"                                                 \
  R"( "id": {"type": "integer", "minimum": 1}, "name": {"type": "string"},)"                   \
  R"( "start": )" ROI_SCHEMA_DATE R"(, "end": )" ROI_SCHEMA_DATE R"(,)"                        \
  R"( "status": {"enum": ["queued", "running", "ready", "failed"]},)"                          \
  R"( "createdAt": )" ROI_SCHEMA_TIMESTAMP R"(,)"                                              \
  R"( "insightsSource": {"enum": ["ai", "builtin", null]},)"                                   \
  R"( "insights": {"anyOf": [{"type": "null"}, {"type": "array", "items": {"type": "object",)" \
  R"( "required": ["kind", "text"], "additionalProperties": false,)"                           \
  R"( "properties": {"kind": {"type": "string"}, "text": {"type": "string"},)"                 \
  R"( "source": {"enum": ["ai", "builtin"]}, "currency": {"type": "string"}}}}]},)"            \
  R"( "hasPdf": {"type": "boolean"}}})"

constexpr const char* kReportOutput = ROI_REPORT_SCHEMA;

constexpr const char* kListOutput = R"({
  "type": "object",
  "required": ["items", "nextCursor"],
  "additionalProperties": false,
  "properties": {
    "items": {"type": "array", "items": )" ROI_REPORT_SCHEMA R"(},
    "nextCursor": {"type": ["integer", "null"], "minimum": 1}
  }
})";

#undef ROI_REPORT_SCHEMA

constexpr const char* kDeleteOutput = R"({
  "type": "object",
  "required": ["deleted"],
  "additionalProperties": false,
  "properties": {"deleted": {"const": true}}
})";

// A signed download link (GET, no session needed) valid for expiresInSeconds.
constexpr const char* kPdfOutput = R"({
  "type": "object",
  "required": ["url", "expiresInSeconds"],
  "additionalProperties": false,
  "properties": {
    "url": {"type": "string"},
    "expiresInSeconds": {"type": "integer", "minimum": 1}
  }
})";

constexpr int kDefaultPage = 20;

api::Error not_found() { return api::Error(api::ErrorCode::NotFound, "Report not found"); }

void write_report(api::JsonWriter& out, const Report& r) {
  out.StartObject();
  api::member(out, "id", r.id);
  api::member(out, "name", r.name);
  api::member(out, "start", dashboard::format_date(r.range.start));
  api::member(out, "end", dashboard::format_date(r.range.end));
  api::member(out, "status", r.status);
  api::member(out, "createdAt", r.created_at);
  api::member(out, "insightsSource", r.insights_source);
  out.Key("insights");
  if (r.insights_json) {
    // Stored by insights_to_json as [{kind,text,currency?,source}] and kept as jsonb: written out
    // as it is (reports made before sources were recorded have none).
    out.RawValue(r.insights_json->data(), r.insights_json->size(), rapidjson::kArrayType);
  } else {
    out.Null();
  }
  api::member(out, "hasPdf", r.status == "ready" && r.pdf_path.has_value());
  out.EndObject();
}

std::string read_name(const rapidjson::Value& in) {
  std::string name(in["name"].GetString(), in["name"].GetStringLength());
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) {
      throw api::invalid_input("name", "must not contain control characters");
    }
  }
  if (!text::is_valid_utf8(name)) {
    throw api::invalid_input("name", "must be UTF-8");
  }
  return name;
}

}  // namespace

void register_procedures(api::ProcedureRegistry& registry, Services s) {
  using api::Access;
  using api::ProcedureType;
  auto shared = std::make_shared<Services>(std::move(s));
  registry.add({"reports.generate",
                ProcedureType::Mutation,
                std::make_shared<api::InputSchema>(kGenerateSchema),
                [shared](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  const auto user = ctx.current_user().id;
                  const std::string name = read_name(in);
                  const auto range = dashboard::read_range(in);
                  const auto plan = shared->limits.plan_of(user);
                  const auto report = shared->reports.create(
                      user, name, range, billing::limits_of(plan).reports_per_month);
                  if (!report) throw billing::PlanLimits::reports_limit_reached(plan);
                  shared->queued();
                  write_report(out, *report);
                },
                Access::User,
                kReportOutput,
                {api::ErrorCode::Forbidden}});
  registry.add({"reports.list", ProcedureType::Query,
                std::make_shared<api::InputSchema>(kListSchema),
                [shared](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  const int limit = in.HasMember("limit") ? in["limit"].GetInt() : kDefaultPage;
                  std::optional<std::int64_t> before;
                  if (in.HasMember("cursor")) before = in["cursor"].GetInt64();
                  // One row more than the page tells whether another page follows.
                  auto rows = shared->reports.list(ctx.current_user().id, limit + 1, before);
                  const bool more = rows.size() > static_cast<std::size_t>(limit);
                  if (more) rows.pop_back();
                  out.StartObject();
                  out.Key("items");
                  out.StartArray();
                  for (const auto& r : rows) write_report(out, r);
                  out.EndArray();
                  out.Key("nextCursor");
                  more ? (void)out.Int64(rows.back().id) : (void)out.Null();
                  out.EndObject();
                },
                Access::User, kListOutput});
  registry.add({"reports.delete",
                ProcedureType::Mutation,
                std::make_shared<api::InputSchema>(kIdSchema),
                [shared](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  const auto removed =
                      shared->reports.remove(ctx.current_user().id, in["id"].GetInt64());
                  if (!removed) throw not_found();
                  if (*removed) {
                    std::error_code ignored;  // already gone is as good as deleted
                    std::filesystem::remove(shared->folder / **removed, ignored);
                  }
                  out.StartObject();
                  api::member(out, "deleted", true);
                  out.EndObject();
                },
                Access::User,
                kDeleteOutput,
                {api::ErrorCode::NotFound}});
  registry.add({"reports.getPdf",
                ProcedureType::Query,
                std::make_shared<api::InputSchema>(kIdSchema),
                [shared](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  const auto user = ctx.current_user().id;
                  const auto report = shared->reports.find(user, in["id"].GetInt64());
                  if (!report) throw not_found();
                  if (report->status != "ready" || !report->pdf_path) {
                    throw api::Error(
                        api::ErrorCode::Conflict,
                        "The report is not ready yet (status: " + report->status + ")");
                  }
                  const auto now = std::chrono::system_clock::now();
                  out.StartObject();
                  api::member(out, "url", shared->links.make({report->id, user}, now));
                  api::member(out, "expiresInSeconds", shared->links.lifetime().count());
                  out.EndObject();
                },
                Access::User,
                kPdfOutput,
                {api::ErrorCode::NotFound, api::ErrorCode::Conflict}});
}

http::Response serve_download(const Services& s, const http::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    return http::Response::json(405, R"({"error":{"message":"Method not allowed"}})");
  }
  const std::string_view rest = std::string_view(request.path).substr(kDownloadPrefix.size());
  const auto checked = s.links.check(rest, request.query, std::chrono::system_clock::now());
  if (checked.refusal == LinkRefusal::Expired) {
    return http::Response::json(410, R"({"error":{"message":"This link has expired"}})");
  }
  if (!checked.claim) {
    return http::Response::json(403, R"({"error":{"message":"Invalid link"}})");
  }
  const auto report = s.reports.find(checked.claim->user, checked.claim->report);
  if (!report || report->status != "ready" || !report->pdf_path) {
    return http::Response::json(404, R"({"error":{"message":"Report not found"}})");
  }
  http::Response r;
  r.status = 200;
  // nginx answers with the file from its internal location; the host never streams PDFs.
  r.headers = {{"X-Accel-Redirect", "/_reports/" + *report->pdf_path},
               {"Content-Type", "application/pdf"},
               {"Content-Disposition",
                "attachment; filename=\"report-" + std::to_string(report->id) + ".pdf\""},
               {"Cache-Control", "private, no-store"}};
  return r;
}

}  // namespace roi::modules::reports

#include "modules/integrations/integration_json.hpp"

namespace roi::modules::integrations {
namespace {

namespace core = roi::integrations;

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

}  // namespace

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

}  // namespace roi::modules::integrations

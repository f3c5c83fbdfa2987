#include "modules/integrations/integration_json.hpp"

namespace roi::modules::integrations {
namespace {

namespace core = roi::integrations;

void write_sync(api::JsonWriter& out, const std::optional<core::SyncProgress>& p) {
  out.Key("sync");
  if (!p) {
    out.Null();
    return;
  }
  out.StartObject();
  api::member(out, "jobId", p->job_id);
  api::member(out, "status", p->status);
  api::member(out, "percent", p->percent);
  api::member(out, "rowsRead", p->rows_read);
  api::member(out, "rowsWritten", p->rows_written);
  out.EndObject();
}

void write_last_run(api::JsonWriter& out, const std::optional<core::LastRun>& r) {
  out.Key("lastRun");
  if (!r) {
    out.Null();
    return;
  }
  out.StartObject();
  api::member(out, "outcome", r->outcome);
  api::member(out, "finishedAt", r->finished_at);
  api::member(out, "rowsRead", r->rows_read);
  api::member(out, "rowsWritten", r->rows_written);
  api::member(out, "durationMs", r->duration_ms);
  api::member(out, "error", r->error);
  out.EndObject();
}

}  // namespace

void write_integration(api::JsonWriter& out, const core::IntegrationSummary& s) {
  out.StartObject();
  api::member(out, "id", s.id);
  api::member(out, "platform", s.platform);
  api::member(out, "accountId", s.account_id);
  api::member(out, "accountName", s.account_name);
  api::member(out, "currency", s.currency.empty() ? std::nullopt : std::optional(s.currency));
  api::member(out, "status", s.status);
  api::member(out, "lastSync", s.last_sync);
  api::member(out, "lastError", s.last_error);
  api::member(out, "needsReauth", s.status == "needs_reauth");
  write_sync(out, s.sync);
  write_last_run(out, s.last_run);
  out.EndObject();
}

}  // namespace roi::modules::integrations

// One integration as the API shows it (integrations.list, integrations.connect): account, status,
// sync progress and last run, never a token.
#pragma once

#include "api/json.hpp"
#include "api/schema_fragments.hpp"
#include "integrations/integration_store.hpp"

// What write_integration writes, as JSON Schema.
#define ROI_SCHEMA_INTEGRATION                                                                       \
  R"({"type": "object", "additionalProperties": false,)"                                             \
  R"( "required": ["id", "platform", "accountId", "accountName", "currency", "status", "lastSync",)" \
  R"( "lastError", "needsReauth", "sync", "lastRun"],)"                                              \
  R"( "properties": {)"                                                                              \
  R"( "id": {"type": "integer", "minimum": 1}, "platform": {"type": "string"},)"                     \
  R"( "accountId": {"type": "string"}, "accountName": {"type": "string"},)"                          \
  R"( "currency": {"type": ["string", "null"]},)"                                                    \
  R"( "status": {"enum": ["active", "needs_reauth", "error", "disconnected"]},)"                     \
  R"( "lastSync": )" ROI_SCHEMA_NULLABLE_TIMESTAMP R"(,)"                                            \
  R"( "lastError": {"type": ["string", "null"]}, "needsReauth": {"type": "boolean"},)"               \
  R"( "sync": {"anyOf": [{"type": "null"}, {"type": "object", "additionalProperties": false,)"       \
  R"( "required": ["jobId", "status", "percent", "rowsRead", "rowsWritten"], "properties": {)"       \
  R"( "jobId": {"type": "integer"}, "status": {"enum": ["queued", "running"]},)"                     \
  R"( "percent": {"type": ["number", "null"], "minimum": 0, "maximum": 100},)"                       \
  R"( "rowsRead": {"type": "integer", "minimum": 0},)"                                               \
  R"( "rowsWritten": {"type": "integer", "minimum": 0}}}]},)"                                        \
  R"( "lastRun": {"anyOf": [{"type": "null"}, {"type": "object", "additionalProperties": false,)"    \
  R"( "required": ["outcome", "finishedAt", "rowsRead", "rowsWritten", "durationMs", "error"],)"     \
  R"( "properties": {)"                                                                              \
  R"( "outcome": {"enum": ["succeeded", "retrying", "failed", "needs_reauth"]},)"                    \
  R"( "finishedAt": )" ROI_SCHEMA_TIMESTAMP R"(,)"                                                   \
  R"( "rowsRead": {"type": "integer", "minimum": 0},)"                                               \
  R"( "rowsWritten": {"type": "integer", "minimum": 0},)"                                            \
  R"( "durationMs": {"type": "integer", "minimum": 0},)"                                             \
  R"( "error": {"type": ["string", "null"]}}}]}}})"

namespace roi::modules::integrations {

void write_integration(api::JsonWriter& out, const roi::integrations::IntegrationSummary& s);

}  // namespace roi::modules::integrations

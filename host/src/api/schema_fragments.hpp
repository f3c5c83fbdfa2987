// JSON Schema fragments that several procedures' output schemas share, as string literals to
// splice into theirs.
#pragma once

// A UTC time as the store formats it: 2026-01-31T23:59:59Z.
#define ROI_SCHEMA_TIMESTAMP \
  R"({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"})"
#define ROI_SCHEMA_NULLABLE_TIMESTAMP \
  R"({"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"})"
// A calendar day: 2026-01-31.
#define ROI_SCHEMA_DATE R"({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})"
// A loaded connector as system.connectors shows it.
#define ROI_SCHEMA_CONNECTOR                                                                 \
  R"({"type": "object", "required": ["id", "name", "version", "capabilities"],)"             \
  R"( "additionalProperties": false, "properties": {)"                                       \
  R"( "id": {"type": "string"}, "name": {"type": "string"}, "version": {"type": "string"},)" \
  R"( "capabilities": {"type": "array", "items": {"enum": ["ads", "orders", "billing", "webhooks"]}}}})"

// The three dashboard views, each computed from the store for one user and written as JSON.
// dashboard_module.cpp declares their inputs and serves repeated calls from the cache.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>

#include "api/json.hpp"
#include "modules/dashboard/dashboard_store.hpp"
#include "modules/dashboard/page_cursor.hpp"
#include "modules/dashboard/totals.hpp"

namespace roi::modules::dashboard {

// Input already validated against the procedure's schema; rule violations throw BAD_REQUEST.
void write_overview(DashboardStore& store, std::int64_t user, const rapidjson::Value& input,
                    api::JsonWriter& out);
void write_campaigns(DashboardStore& store, const CursorCodec& cursors, std::int64_t user,
                     const rapidjson::Value& input, api::JsonWriter& out);
// `time_zone`: the user's, which the rollups' order days were counted in.
void write_trends(DashboardStore& store, std::int64_t user, const std::string& time_zone,
                  const rapidjson::Value& input, api::JsonWriter& out);

}  // namespace roi::modules::dashboard

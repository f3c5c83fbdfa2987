#include "modules/dashboard/dashboard_module.hpp"

#include <rapidjson/stringbuffer.h>

#include <memory>
#include <string>

#include "modules/dashboard/views.hpp"

namespace roi::modules::dashboard {
namespace {

#define ROI_DATE_PROPERTIES                          \
  R"("start": {"type": "string", "maxLength": 10},)" \
  R"("end": {"type": "string", "maxLength": 10},)"

#define ROI_METRIC_NAMES                                                                     \
  R"(["spend", "platformRevenue", "storeRevenue", "impressions", "clicks", "conversions",)"  \
  R"( "roas", "blendedRoas", "cpa", "ctr", "cpc", "attributedRevenue", "attributedOrders",)" \
  R"( "attributedRoas", "unexplainedRevenue"])"

// Any connector id: the host knows no platform, and an unknown one simply matches nothing.
#define ROI_PLATFORM_ID R"({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"})"

constexpr const char* kOverviewSchema = R"({
  "type": "object",
  "properties": {)" ROI_DATE_PROPERTIES R"(
    "platforms": {"type": "array", "items": )" ROI_PLATFORM_ID R"(, "maxItems": 8},
    "compare": {"type": "boolean"}
  },
  "required": ["start", "end"],
  "additionalProperties": false
})";

constexpr const char* kCampaignsSchema = R"({
  "type": "object",
  "properties": {)" ROI_DATE_PROPERTIES R"(
    "platform": )" ROI_PLATFORM_ID R"(,
    "status": {"type": "string", "maxLength": 40},
    "search": {"type": "string", "maxLength": 200},
    "sortBy": {"enum": ["name", "spend", "platformRevenue", "impressions", "clicks",
                        "conversions", "roas", "cpa", "ctr", "cpc", "attributedRevenue",
                        "attributedOrders", "attributedRoas"]},
    "sortDir": {"enum": ["asc", "desc"]},
    "cursor": {"type": "string", "maxLength": 2048},
    "limit": {"type": "integer", "minimum": 1, "maximum": 200}
  },
  "required": ["start", "end"],
  "additionalProperties": false
})";

constexpr const char* kTrendsSchema = R"({
  "type": "object",
  "properties": {)" ROI_DATE_PROPERTIES R"(
    "granularity": {"enum": ["day", "week", "month"]},
    "metrics": {"type": "array", "items": {"enum": )" ROI_METRIC_NAMES R"(},
                "minItems": 1, "maxItems": 15, "uniqueItems": true},
    "platform": )" ROI_PLATFORM_ID R"(
  },
  "required": ["start", "end", "granularity", "metrics"],
  "additionalProperties": false
})";

#undef ROI_DATE_PROPERTIES
#undef ROI_METRIC_NAMES
#undef ROI_PLATFORM_ID

std::string canonical(const rapidjson::Value& input) {
  rapidjson::StringBuffer buf;
  api::JsonWriter w(buf);
  input.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

// Answers from the cache when this user's data is unchanged since the answer was computed.
// The version is read before the view, so an answer is never filed under a newer version than
// the data it was computed from.
template <typename View>
void cached(const Services& s, api::CallContext& ctx, const rapidjson::Value& input,
            api::JsonWriter& out, View view) {
  const std::int64_t user = ctx.current_user().id;
  const UserState state = s.users.get(user);
  if (!s.cache.enabled()) {
    view(user, state, out);
    return;
  }
  const std::int64_t version = state.data_version;
  std::string key = std::string(ctx.path);
  key += '\n' + std::to_string(user) + '\n' + std::to_string(version) + '\n' + canonical(input);
  if (auto hit = s.cache.find(key)) {
    s.cache_hits.inc();
    out.RawValue(hit->data(), hit->size(), rapidjson::kObjectType);
    return;
  }
  s.cache_misses.inc();
  rapidjson::StringBuffer buf;
  api::JsonWriter w(buf);
  view(user, state, w);
  std::string answer(buf.GetString(), buf.GetSize());
  out.RawValue(answer.data(), answer.size(), rapidjson::kObjectType);
  s.cache.put(key, std::move(answer));
}

}  // namespace

void register_procedures(api::ProcedureRegistry& registry, Services s) {
  using api::Access;
  using api::ProcedureType;
  registry.add({"dashboard.overview", ProcedureType::Query,
                std::make_shared<api::InputSchema>(kOverviewSchema),
                [s](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  cached(s, ctx, in, out,
                         [&](std::int64_t user, const UserState&, api::JsonWriter& w) {
                           write_overview(s.store, user, in, w);
                         });
                },
                Access::User});
  registry.add({"dashboard.campaigns", ProcedureType::Query,
                std::make_shared<api::InputSchema>(kCampaignsSchema),
                [s](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  cached(s, ctx, in, out,
                         [&](std::int64_t user, const UserState&, api::JsonWriter& w) {
                           write_campaigns(s.store, s.cursors, user, in, w);
                         });
                },
                Access::User});
  registry.add({"dashboard.trends", ProcedureType::Query,
                std::make_shared<api::InputSchema>(kTrendsSchema),
                [s](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  cached(s, ctx, in, out,
                         [&](std::int64_t user, const UserState& state, api::JsonWriter& w) {
                           write_trends(s.store, user, state.time_zone, in, w);
                         });
                },
                Access::User});
}

}  // namespace roi::modules::dashboard

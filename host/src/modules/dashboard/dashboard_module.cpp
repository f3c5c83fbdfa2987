#include "modules/dashboard/dashboard_module.hpp"

#include <rapidjson/stringbuffer.h>

#include <memory>
#include <string>

#include "api/schema_fragments.hpp"
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

// kMaxCursorChars, written into the schema below as a literal.
#define ROI_MAX_CURSOR_CHARS 2048
#define ROI_LITERAL(x) ROI_LITERAL_(x)
#define ROI_LITERAL_(x) #x
static_assert(ROI_MAX_CURSOR_CHARS == kMaxCursorChars, "the schema states the limit decode keeps");

constexpr const char* kCampaignsSchema = R"({
  "type": "object",
  "properties": {)" ROI_DATE_PROPERTIES R"(
    "platform": )" ROI_PLATFORM_ID R"(,
    "status": {"type": "string", "maxLength": 40},
    "search": {"type": "string", "maxLength": 200},
    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
    "sortBy": {"enum": ["name", "spend", "platformRevenue", "impressions", "clicks",
                        "conversions", "roas", "cpa", "ctr", "cpc", "attributedRevenue",
                        "attributedOrders", "attributedRoas"]},
    "sortDir": {"enum": ["asc", "desc"]},
    "cursor": {"type": "string", "maxLength": )" ROI_LITERAL(ROI_MAX_CURSOR_CHARS) R"(},
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

// The figures as write_metric writes them: money as a decimal string of micros.
#define ROI_MICROS R"({"type": "string", "pattern": "^-?[0-9]+$"})"
#define ROI_RATIO R"({"type": ["number", "null"]})"
#define ROI_METRIC_PROPERTIES                                                                  \
  R"("spendMicros": )" ROI_MICROS R"(, "platformRevenueMicros": )" ROI_MICROS R"(,)"           \
  R"( "storeRevenueMicros": )" ROI_MICROS R"(, "impressions": {"type": "integer"},)"           \
  R"( "clicks": {"type": "integer"}, "conversions": {"type": "number"},)"                      \
  R"( "roas": )" ROI_RATIO R"(, "blendedRoas": )" ROI_RATIO R"(, "cpa": )" ROI_RATIO R"(,)"    \
  R"( "ctr": )" ROI_RATIO R"(, "cpc": )" ROI_RATIO R"(,)"                                      \
  R"( "attributedRevenueMicros": )" ROI_MICROS R"(, "attributedOrders": {"type": "integer"},)" \
  R"( "attributedRoas": )" ROI_RATIO R"(, "unexplainedRevenueMicros": )" ROI_MICROS
#define ROI_METRIC_KEYS                                                                       \
  R"("spendMicros", "platformRevenueMicros", "storeRevenueMicros", "impressions", "clicks",)" \
  R"( "conversions", "roas", "blendedRoas", "cpa", "ctr", "cpc", "attributedRevenueMicros",)" \
  R"( "attributedOrders", "attributedRoas", "unexplainedRevenueMicros")"

// One period of dashboard.overview: totals per currency and per platform and currency.
#define ROI_PERIOD_PROPERTIES                                                                                 \
  R"("start": )" ROI_SCHEMA_DATE R"(, "end": )" ROI_SCHEMA_DATE R"(,)"                                        \
  R"( "totals": {"type": "array", "items": {"type": "object", "additionalProperties": false,)"                \
  R"( "required": ["currency", )" ROI_METRIC_KEYS R"(],)"                                                     \
  R"( "properties": {"currency": {"type": "string"}, )" ROI_METRIC_PROPERTIES R"(}}},)"                       \
  R"( "platforms": {"type": "array", "items": {"type": "object", "additionalProperties": false,)"             \
  R"( "required": ["platform", "currency", )" ROI_METRIC_KEYS R"(],)"                                         \
  R"( "properties": {"platform": {"type": "string"}, "currency": {"type": "string"}, )" ROI_METRIC_PROPERTIES \
  R"(}}})"

// With `compare`: the previous period and each figure's relative change per currency (null
// where the previous value is zero or a ratio is undefined).
constexpr const char* kOverviewOutput = R"({
  "type": "object",
  "required": ["start", "end", "totals", "platforms"],
  "additionalProperties": false,
  "properties": {)" ROI_PERIOD_PROPERTIES R"(,
    "previous": {"type": "object", "additionalProperties": false,
                 "required": ["start", "end", "totals", "platforms"],
                 "properties": {)" ROI_PERIOD_PROPERTIES R"(}},
    "change": {"type": "array", "items": {
      "type": "object",
      "additionalProperties": false,
      "required": ["currency", "spend", "platformRevenue", "storeRevenue", "impressions", "clicks",
                   "conversions", "roas", "blendedRoas", "cpa", "ctr", "cpc", "attributedRevenue",
                   "attributedOrders", "attributedRoas", "unexplainedRevenue"],
      "properties": {
        "currency": {"type": "string"},
        "spend": )" ROI_RATIO R"(, "platformRevenue": )" ROI_RATIO R"(,
        "storeRevenue": )" ROI_RATIO R"(, "impressions": )" ROI_RATIO R"(,
        "clicks": )" ROI_RATIO R"(, "conversions": )" ROI_RATIO R"(, "roas": )" ROI_RATIO R"(,
        "blendedRoas": )" ROI_RATIO R"(, "cpa": )" ROI_RATIO R"(, "ctr": )" ROI_RATIO R"(,
        "cpc": )" ROI_RATIO R"(, "attributedRevenue": )" ROI_RATIO R"(,
        "attributedOrders": )" ROI_RATIO R"(, "attributedRoas": )" ROI_RATIO R"(,
        "unexplainedRevenue": )" ROI_RATIO R"(
      }
    }}
  }
})";

// Campaign rows carry no store revenue, so neither storeRevenueMicros nor blendedRoas.
constexpr const char* kCampaignsOutput = R"({
  "type": "object",
  "required": ["total", "items", "nextCursor"],
  "additionalProperties": false,
  "properties": {
    "total": {"type": "integer", "minimum": 0},
    "items": {"type": "array", "items": {
      "type": "object",
      "additionalProperties": false,
      "required": ["id", "name", "platform", "status", "currency", "spendMicros",
                   "platformRevenueMicros", "impressions", "clicks", "conversions", "roas", "cpa",
                   "ctr", "cpc", "attributedRevenueMicros", "attributedOrders", "attributedRoas"],
      "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "platform": {"type": "string"},
        "status": {"type": "string"},
        "currency": {"type": "string"},
        "spendMicros": )" ROI_MICROS R"(,
        "platformRevenueMicros": )" ROI_MICROS R"(,
        "impressions": {"type": "integer"},
        "clicks": {"type": "integer"},
        "conversions": {"type": "number"},
        "roas": )" ROI_RATIO R"(,
        "cpa": )" ROI_RATIO R"(,
        "ctr": )" ROI_RATIO R"(,
        "cpc": )" ROI_RATIO R"(,
        "attributedRevenueMicros": )" ROI_MICROS R"(,
        "attributedOrders": {"type": "integer"},
        "attributedRoas": )" ROI_RATIO R"(
      }
    }},
    "nextCursor": {"type": ["string", "null"]}
  }
})";

// Each point holds the metrics asked for, and only those.
constexpr const char* kTrendsOutput = R"({
  "type": "object",
  "required": ["start", "end", "granularity", "timeZone", "series"],
  "additionalProperties": false,
  "properties": {
    "start": )" ROI_SCHEMA_DATE R"(,
    "end": )" ROI_SCHEMA_DATE R"(,
    "granularity": {"enum": ["day", "week", "month"]},
    "timeZone": {"type": "string"},
    "series": {"type": "array", "items": {
      "type": "object",
      "additionalProperties": false,
      "required": ["currency", "points"],
      "properties": {
        "currency": {"type": "string"},
        "points": {"type": "array", "items": {
          "type": "object",
          "additionalProperties": false,
          "required": ["date"],
          "properties": {"date": )" ROI_SCHEMA_DATE R"(, )" ROI_METRIC_PROPERTIES R"(}
        }}
      }
    }}
  }
})";

#undef ROI_DATE_PROPERTIES
#undef ROI_METRIC_NAMES
#undef ROI_PLATFORM_ID
#undef ROI_MICROS
#undef ROI_RATIO
#undef ROI_METRIC_PROPERTIES
#undef ROI_METRIC_KEYS
#undef ROI_PERIOD_PROPERTIES
#undef ROI_MAX_CURSOR_CHARS
#undef ROI_LITERAL
#undef ROI_LITERAL_

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
                         [&](std::int64_t user, const UserState& state, api::JsonWriter& w) {
                           write_overview(s.reads.at_least(user, state.data_version), user, in, w);
                         });
                },
                Access::User, kOverviewOutput});
  registry.add({"dashboard.campaigns", ProcedureType::Query,
                std::make_shared<api::InputSchema>(kCampaignsSchema),
                [s](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  cached(s, ctx, in, out,
                         [&](std::int64_t user, const UserState& state, api::JsonWriter& w) {
                           write_campaigns(s.reads.at_least(user, state.data_version), s.cursors,
                                           user, in, w);
                         });
                },
                Access::User, kCampaignsOutput});
  registry.add({"dashboard.trends", ProcedureType::Query,
                std::make_shared<api::InputSchema>(kTrendsSchema),
                [s](api::CallContext& ctx, const rapidjson::Value& in, api::JsonWriter& out) {
                  cached(s, ctx, in, out,
                         [&](std::int64_t user, const UserState& state, api::JsonWriter& w) {
                           write_trends(s.reads.at_least(user, state.data_version), user,
                                        state.time_zone, in, w);
                         });
                },
                Access::User, kTrendsOutput});
}

}  // namespace roi::modules::dashboard

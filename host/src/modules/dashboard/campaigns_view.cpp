// dashboard.campaigns: one row per campaign of the user with its sums and ratios over the range,
// sorted, paged by keyset cursor, with the number of campaigns that match the filters.
#include <algorithm>
#include <string>
#include <vector>

#include "api/error.hpp"
#include "modules/dashboard/views.hpp"

namespace roi::modules::dashboard {
namespace {

constexpr int kDefaultLimit = 50;

// A string input; NUL characters (JSON's \u0000) are refused: no name or status holds one, and
// the database could not be asked about one.
std::optional<std::string> optional_string(const rapidjson::Value& input, const char* name) {
  if (!input.HasMember(name) || !input[name].IsString()) return std::nullopt;
  std::string value(input[name].GetString(), input[name].GetStringLength());
  if (value.find('\0') != std::string::npos) {
    throw std::move(api::Error(api::ErrorCode::BadRequest, std::string("Invalid input: ") + name +
                                                               " must not contain NUL characters")
                        .with_data("field", name));
  }
  return value;
}

SortKey sort_key(const CampaignTotals& row, const std::string& sort_by) {
  SortKey key;
  key.id = row.id;
  if (sort_by == "name") {
    key.kind = SortKey::Kind::Text;
    key.text = row.name;
    return key;
  }
  const Metric m = *metric_from_name(sort_by);
  const Totals& t = row.totals;
  switch (m) {
    case Metric::Spend:
      key.integer = t.spend_micros;
      break;
    case Metric::PlatformRevenue:
      key.integer = t.revenue_micros;
      break;
    case Metric::Impressions:
      key.integer = t.impressions;
      break;
    case Metric::Clicks:
      key.integer = t.clicks;
      break;
    case Metric::Conversions:
      key.integer = t.conversions_milli;
      break;
    case Metric::AttributedRevenue:
      key.integer = t.attributed_revenue_micros;
      break;
    case Metric::AttributedOrders:
      key.integer = t.attributed_orders;
      break;
    default: {
      const auto v = metric_value(t, m);
      key.kind = v ? SortKey::Kind::Real : SortKey::Kind::Null;
      key.real = v.value_or(0);
      return key;
    }
  }
  key.kind = SortKey::Kind::Integer;
  return key;
}

// Campaign rows carry no store revenue, so blended ROAS is left out with it (and so is the
// revenue no campaign explains); the store orders attributed to the campaign stand beside the
// platform's own claims.
constexpr Metric kCampaignMetrics[] = {Metric::Spend,
                                       Metric::PlatformRevenue,
                                       Metric::Impressions,
                                       Metric::Clicks,
                                       Metric::Conversions,
                                       Metric::Roas,
                                       Metric::Cpa,
                                       Metric::Ctr,
                                       Metric::Cpc,
                                       Metric::AttributedRevenue,
                                       Metric::AttributedOrders,
                                       Metric::AttributedRoas};

void write_row(api::JsonWriter& out, const CampaignTotals& row) {
  out.StartObject();
  out.Key("id");
  out.Int64(row.id);
  out.Key("name");
  out.String(row.name);
  out.Key("platform");
  out.String(row.platform);
  out.Key("status");
  out.String(row.status);
  out.Key("currency");
  out.String(row.currency);
  for (Metric m : kCampaignMetrics) write_metric(out, row.totals, m);
  out.EndObject();
}

}  // namespace

void write_campaigns(DashboardStore& store, const CursorCodec& cursors, std::int64_t user,
                     const rapidjson::Value& input, api::JsonWriter& out) {
  const DateRange range = read_range(input);
  const std::string sort_by = optional_string(input, "sortBy").value_or("spend");
  const std::string sort_dir = optional_string(input, "sortDir").value_or("desc");
  const bool descending = sort_dir == "desc";
  const int limit = input.HasMember("limit") ? input["limit"].GetInt() : kDefaultLimit;
  const std::string sort = sort_by + " " + sort_dir;

  std::optional<SortKey> after;
  if (auto cursor = optional_string(input, "cursor")) {
    after = cursors.decode(sort, *cursor);
    if (!after) {
      throw std::move(api::Error(api::ErrorCode::BadRequest,
                                 "Invalid input: cursor is not a cursor of this listing and sort")
                          .with_data("field", "cursor"));
    }
  }

  CampaignFilter filter{optional_string(input, "platform"), optional_string(input, "status"),
                        optional_string(input, "search"), optional_string(input, "currency")};
  auto rows = store.campaigns(user, range, filter);
  std::vector<std::pair<SortKey, const CampaignTotals*>> keyed;
  keyed.reserve(rows.size());
  for (const auto& row : rows) keyed.emplace_back(sort_key(row, sort_by), &row);
  std::sort(keyed.begin(), keyed.end(), [descending](const auto& a, const auto& b) {
    return sorts_before(a.first, b.first, descending);
  });

  auto first = keyed.begin();
  if (after) {
    first = std::upper_bound(keyed.begin(), keyed.end(), *after,
                             [descending](const SortKey& k, const auto& entry) {
                               return sorts_before(k, entry.first, descending);
                             });
  }
  const auto remaining = static_cast<std::size_t>(keyed.end() - first);
  const auto count = std::min(remaining, static_cast<std::size_t>(limit));

  out.StartObject();
  out.Key("total");
  out.Uint64(keyed.size());
  out.Key("items");
  out.StartArray();
  for (std::size_t i = 0; i < count; ++i) write_row(out, *first[static_cast<long>(i)].second);
  out.EndArray();
  out.Key("nextCursor");
  if (count > 0 && remaining > count) {
    out.String(cursors.encode(sort, first[static_cast<long>(count) - 1].first));
  } else {
    out.Null();
  }
  out.EndObject();
}

}  // namespace roi::modules::dashboard

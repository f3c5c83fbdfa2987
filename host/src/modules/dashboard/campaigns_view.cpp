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
    throw api::invalid_input(name, "must not contain NUL characters");
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
  if (const auto sum = metric_sum(row.totals, m)) {
    key.kind = SortKey::Kind::Integer;
    key.integer = *sum;
    return key;
  }
  const auto v = metric_value(row.totals, m);
  key.kind = v ? SortKey::Kind::Real : SortKey::Kind::Null;
  key.real = v.value_or(0);
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
  api::member(out, "id", row.id);
  api::member(out, "name", row.name);
  api::member(out, "platform", row.platform);
  api::member(out, "status", row.status);
  api::member(out, "currency", row.currency);
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
      throw api::invalid_input("cursor", "is not a cursor of this listing and sort");
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
  api::member(out, "total", keyed.size());
  out.Key("items");
  out.StartArray();
  for (std::size_t i = 0; i < count; ++i) write_row(out, *first[static_cast<long>(i)].second);
  out.EndArray();
  api::member(out, "nextCursor",
              count > 0 && remaining > count
                  ? std::optional(cursors.encode(sort, first[static_cast<long>(count) - 1].first))
                  : std::nullopt);
  out.EndObject();
}

}  // namespace roi::modules::dashboard

#include "meta_rows.hpp"

#include <roi/sdk/errors.hpp>
#include <roi/sdk/helpers/money.hpp>
#include <roi/sdk/helpers/numbers.hpp>

namespace roi::meta {
namespace {

using namespace roi::sdk;

std::string text(const rapidjson::Value& object, const char* name, bool required = false) {
  if (!object.IsObject()) throw permanent("Meta sent an item that is no object");
  auto it = object.FindMember(name);
  if (it != object.MemberEnd() && it->value.IsString() && it->value.GetStringLength() > 0) {
    return {it->value.GetString(), it->value.GetStringLength()};
  }
  if (required || (it != object.MemberEnd() && !it->value.IsNull() && !it->value.IsString())) {
    throw permanent(std::string("Meta sent no valid '") + name + "'");
  }
  return {};
}

std::int64_t count(const rapidjson::Value& row, const char* name) {
  const auto value = text(row, name);
  if (value.empty()) return 0;
  const auto parsed = helpers::parse_int64(value);
  if (!parsed || *parsed < 0) throw permanent(std::string("Meta sent an invalid '") + name + "'");
  return *parsed;
}

// The value of the canonical purchase type in an AdsActionStats list, or "0".
std::string purchase_value(const rapidjson::Value& row, const char* list) {
  auto it = row.FindMember(list);
  if (it == row.MemberEnd()) return "0";
  if (!it->value.IsArray()) throw permanent(std::string("Meta sent an invalid '") + list + "'");
  for (const auto& stat : it->value.GetArray()) {
    if (text(stat, "action_type") == kPurchaseActionType) return text(stat, "value", true);
  }
  return "0";
}

}  // namespace

Account account_item(const rapidjson::Value& item) {
  Account out;
  out.id = text(item, "account_id", true);
  out.name = text(item, "name");
  if (out.name.empty())
    out.name = out.id;  // the host requires a name; an unnamed account shows its id
  out.currency = text(item, "currency", true);
  out.time_zone = text(item, "timezone_name");
  return out;
}

Campaign campaign_item(const rapidjson::Value& item, const std::string& account_id) {
  // effective_status values; in-review and issue states are neither running nor stopped.
  constexpr std::pair<std::string_view, CampaignStatus> kStatuses[] = {
      {"ACTIVE", CampaignStatus::Active},
      {"PAUSED", CampaignStatus::Paused},
      {"CAMPAIGN_PAUSED", CampaignStatus::Paused},
      {"ARCHIVED", CampaignStatus::Removed},
      {"DELETED", CampaignStatus::Removed}};
  const auto raw = text(item, "effective_status");
  CampaignStatus mapped = CampaignStatus::Unknown;
  for (const auto& [name, value] : kStatuses) {
    if (raw == name) mapped = value;
  }
  const auto id = text(item, "id", true);
  const auto name = text(item, "name");
  return {account_id, id, name.empty() ? id : name, mapped};
}

DailyMetric insight_row(const rapidjson::Value& row, const std::string& account_id) {
  const auto start = text(row, "date_start", true);
  const auto date = helpers::parse_date(start);
  if (!date) throw permanent("Meta sent an invalid 'date_start'");
  if (text(row, "date_stop", true) != start) {
    throw permanent("Meta sent an insights row spanning more than one day");
  }
  const auto currency = text(row, "account_currency", true);
  DailyMetric out;
  out.account_id = account_id;
  out.campaign_id = text(row, "campaign_id", true);
  out.date = *date;
  out.impressions = count(row, "impressions");
  out.clicks = count(row, "clicks");
  const auto spend = text(row, "spend");
  out.spend = helpers::parse_money(spend.empty() ? "0" : spend, currency, "spend");
  const auto purchases = helpers::parse_decimal_micros(purchase_value(row, "actions"));
  if (!purchases || *purchases < 0) throw permanent("Meta sent an invalid purchase count");
  out.conversions_micros = *purchases;
  out.conversion_value =
      helpers::parse_money(purchase_value(row, "action_values"), currency, "action_values");
  return out;
}

}  // namespace roi::meta

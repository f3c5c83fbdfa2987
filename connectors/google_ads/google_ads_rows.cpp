#include "google_ads_rows.hpp"

#include <roi/sdk/errors.hpp>
#include <roi/sdk/helpers/numbers.hpp>

namespace roi::google_ads {
namespace {

using namespace roi::sdk;

// resource.field as text; "" when absent (proto3 JSON leaves default values out).
std::string field(const rapidjson::Value& row, const char* resource, const char* name) {
  if (!row.IsObject()) throw permanent("Google Ads sent a result row that is no object");
  auto r = row.FindMember(resource);
  if (r == row.MemberEnd()) return {};
  if (!r->value.IsObject())
    throw permanent(std::string("Google Ads sent a bad '") + resource + "'");
  auto f = r->value.FindMember(name);
  if (f == r->value.MemberEnd()) return {};
  if (!f->value.IsString() && !f->value.IsBool()) {
    throw permanent(std::string("Google Ads sent a bad '") + resource + "." + name + "'");
  }
  if (f->value.IsBool()) return f->value.GetBool() ? "true" : "false";
  return {f->value.GetString(), f->value.GetStringLength()};
}

std::int64_t int64_field(const rapidjson::Value& row, const char* resource, const char* name) {
  const auto text = field(row, resource, name);
  if (text.empty()) return 0;
  const auto value = helpers::parse_int64(text);
  if (!value || *value < 0) {
    throw permanent(std::string("Google Ads sent an invalid '") + resource + "." + name + "'");
  }
  return *value;
}

std::int64_t double_micros(const rapidjson::Value& row, const char* name) {
  const auto text = field(row, "metrics", name);
  if (text.empty()) return 0;
  const auto value = helpers::parse_number_micros(text);
  if (!value || *value < 0) {
    throw permanent(std::string("Google Ads sent an invalid 'metrics.") + name + "'");
  }
  return *value;
}

std::string required(const rapidjson::Value& row, const char* resource, const char* name) {
  auto text = field(row, resource, name);
  if (text.empty()) {
    throw permanent(std::string("Google Ads sent a row without '") + resource + "." + name + "'");
  }
  return text;
}

// CampaignStatus enum values; UNKNOWN, UNSPECIFIED and anything new map to Unknown.
CampaignStatus status(std::string_view raw) {
  constexpr std::pair<std::string_view, CampaignStatus> kStatuses[] = {
      {"ENABLED", CampaignStatus::Active},
      {"PAUSED", CampaignStatus::Paused},
      {"REMOVED", CampaignStatus::Removed}};
  for (const auto& [name, value] : kStatuses) {
    if (raw == name) return value;
  }
  return CampaignStatus::Unknown;
}

}  // namespace

CustomerInfo customer_row(const rapidjson::Value& row) {
  CustomerInfo out;
  out.account.id = required(row, "customer", "id");
  out.account.name = field(row, "customer", "descriptiveName");
  if (out.account.name.empty()) out.account.name = out.account.id;  // descriptiveName is optional
  out.account.currency = required(row, "customer", "currencyCode");
  out.account.time_zone = field(row, "customer", "timeZone");
  out.manager = field(row, "customer", "manager") == "true";
  return out;
}

Campaign campaign_row(const rapidjson::Value& row, const std::string& account_id) {
  const auto id = required(row, "campaign", "id");
  const auto name = field(row, "campaign", "name");
  return {account_id, id, name.empty() ? id : name, status(field(row, "campaign", "status"))};
}

DailyMetric metric_row(const rapidjson::Value& row, const std::string& account_id,
                       const std::string& currency) {
  const auto date = helpers::parse_date(required(row, "segments", "date"));
  if (!date) throw permanent("Google Ads sent an invalid 'segments.date'");
  DailyMetric out;
  out.account_id = account_id;
  out.campaign_id = required(row, "campaign", "id");
  out.date = *date;
  out.impressions = int64_field(row, "metrics", "impressions");
  out.clicks = int64_field(row, "metrics", "clicks");
  out.spend = {int64_field(row, "metrics", "costMicros"), currency};
  out.conversions_micros = double_micros(row, "conversions");
  out.conversion_value = {double_micros(row, "conversionsValue"), currency};
  return out;
}

}  // namespace roi::google_ads

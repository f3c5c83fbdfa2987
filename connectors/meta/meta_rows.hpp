// Graph objects to the SDK's records. Every number Meta sends is a string: counts become int64,
// spend and purchase values become micros exactly, and a purchase is counted once.
#pragma once

#include <rapidjson/document.h>

#include <roi/sdk/model.hpp>
#include <string>

namespace roi::meta {

// Meta reports one purchase under up to six action types with the same value (pixel, on-site,
// in-store, app, and their union). omni_purchase is Meta's own deduplicated union across
// surfaces, so it alone is counted; the other types are never added to it.
inline constexpr const char* kPurchaseActionType = "omni_purchase";

// An element of /me/adaccounts?fields=account_id,name,currency,timezone_name.
sdk::Account account_item(const rapidjson::Value& item);

// An element of /act_{id}/campaigns?fields=id,name,effective_status.
sdk::Campaign campaign_item(const rapidjson::Value& item, const std::string& account_id);

// A row of /act_{id}/insights?level=campaign&time_increment=1 with campaign_id, spend,
// impressions, clicks, actions, action_values and account_currency.
sdk::DailyMetric insight_row(const rapidjson::Value& row, const std::string& account_id);

}  // namespace roi::meta

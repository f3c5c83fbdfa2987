// GoogleAdsRow JSON (camelCase, int64 as strings, doubles as number text, zero metrics left out)
// to the SDK's records, exactly: micros stay integers, conversions become micros without double.
#pragma once

#include <rapidjson/document.h>

#include <roi/sdk/model.hpp>
#include <string>

namespace roi::google_ads {

struct CustomerInfo {
  sdk::Account account;
  bool manager = false;  // manager accounts hold no metrics of their own
};

// A row of SELECT customer.id, customer.descriptive_name, customer.currency_code,
// customer.time_zone, customer.manager FROM customer.
CustomerInfo customer_row(const rapidjson::Value& row);

// A row of SELECT campaign.id, campaign.name, campaign.status FROM campaign.
sdk::Campaign campaign_row(const rapidjson::Value& row, const std::string& account_id);

// A row of the daily metrics query (see metrics_query in the connector).
sdk::DailyMetric metric_row(const rapidjson::Value& row, const std::string& account_id,
                            const std::string& currency);

}  // namespace roi::google_ads

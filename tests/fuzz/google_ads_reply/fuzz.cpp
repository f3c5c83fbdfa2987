// Google Ads answers as the connector reads them: listAccessibleCustomers, then paged
// googleAds:search answers whose rows go through the customer, campaign and metric readers.
// Input: up to four HTTP answers (see fuzz_support.hpp). Refusals are ConnectorErrors; anything
// else escaping, or a sanitizer report, is a finding.
#include <google_ads/google_ads_api.hpp>
#include <google_ads/google_ads_rows.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto answers = roi::fuzz::fields(data, size, 4);
  roi::fuzz::ScriptedHost host(answers, {}, roi::fuzz::ScriptedHost::Keep::Nothing);
  roi::google_ads::Client client(host, {"https://ads.test", "v26", "dev-token", "1234567890"},
                                 "access-token");
  try {
    client.accessible_customers();
  } catch (const roi::sdk::ConnectorError&) {
  }
  try {
    client.search("1234567890", "SELECT customer.id FROM customer",
                  [](const rapidjson::Value& row) {
                    try {
                      const auto info = roi::google_ads::customer_row(row);
                      roi::google_ads::campaign_row(row, info.account.id);
                    } catch (const roi::sdk::ConnectorError&) {
                    }
                    roi::google_ads::metric_row(row, "1234567890", "EUR");
                  });
  } catch (const roi::sdk::ConnectorError&) {
  }
  return 0;
}

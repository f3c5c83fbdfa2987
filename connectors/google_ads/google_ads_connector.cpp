// The Google Ads connector: OAuth 2.0 with offline access (a refresh token every time, thanks to
// prompt=consent), the customers a token reaches, and campaigns with daily metrics per customer.
#include <roi/sdk/export.hpp>
#include <roi/sdk/helpers/day_checkpoints.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/oauth.hpp>
#include <roi/sdk/helpers/settings.hpp>

#include "google_ads_api.hpp"
#include "google_ads_rows.hpp"

namespace {

using namespace roi::sdk;
using namespace roi::google_ads;

constexpr const char* kCustomerQuery =
    "SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, "
    "customer.manager FROM customer";
constexpr const char* kCampaignQuery =
    "SELECT campaign.id, campaign.name, campaign.status FROM campaign";

// Ordered by day, so DayCheckpoints can tell when a day is complete. Removed campaigns stay in:
// their past spend is real.
std::string metrics_query(std::chrono::year_month_day from, std::chrono::year_month_day to) {
  return "SELECT campaign.id, metrics.cost_micros, metrics.impressions, metrics.clicks, "
         "metrics.conversions, metrics.conversions_value, segments.date FROM campaign "
         "WHERE segments.date BETWEEN '" +
         helpers::format_date(from) + "' AND '" + helpers::format_date(to) +
         "' ORDER BY segments.date";
}

class GoogleAdsConnector final : public helpers::OAuth2Connector {
 public:
  Description describe() const override {
    return {
        .id = "google-ads",
        .name = "Google Ads",
        .version = GOOGLE_ADS_CONNECTOR_VERSION,
        .capabilities = {Capability::Ads},
        .connect = {ConnectMethod::OAuth2},
        .settings = {
            {.key = "client_id",
             .description = "OAuth client id of the Google Cloud app",
             .required = true,
             .aliases = {"GOOGLE_ADS_CLIENT_ID"}},
            {.key = "client_secret",
             .description = "OAuth client secret of the Google Cloud app",
             .required = true,
             .secret = true,
             .aliases = {"GOOGLE_ADS_CLIENT_SECRET"}},
            {.key = "developer_token",
             .description = "Google Ads API developer token",
             .required = true,
             .secret = true,
             .aliases = {"GOOGLE_ADS_DEVELOPER_TOKEN"}},
            {.key = "login_customer_id",
             .description = "manager account to call through, digits only"},
            {.key = "authorize_url",
             .description = "Google's OAuth consent page",
             .default_value = "https://accounts.google.com/o/oauth2/v2/auth"},
            {.key = "token_url",
             .description = "Google's OAuth token endpoint",
             .default_value = "https://oauth2.googleapis.com/token"},
            {.key = "api_base_url",
             .description = "Google Ads API origin",
             .default_value = "https://googleads.googleapis.com"},
            {.key = "api_version", .description = "Google Ads API version", .default_value = "v26"},
        }};
  }

  // Every customer the token reaches directly, except managers (they have no metrics).
  std::vector<Account> list_accounts(HostServices& host, const Credentials& credentials) override {
    Client api = client(host, credentials);
    std::vector<Account> out;
    for (const auto& id : api.accessible_customers()) {
      api.search(id, kCustomerQuery, [&](const rapidjson::Value& row) {
        auto info = customer_row(row);
        if (!info.manager) out.push_back(std::move(info.account));
      });
    }
    return out;
  }

  void sync(HostServices& host, const SyncRequest& request, RecordSink& sink) override {
    // Customer ids are digits only: Google writes them without dashes in paths.
    if (!helpers::is_numeric_id(request.account_id)) {
      throw permanent("'" + request.account_id + "' is not a Google Ads customer id");
    }
    Client api = client(host, request.credentials);
    const std::string& customer = request.account_id;

    std::string currency;
    api.search(customer, kCustomerQuery,
               [&](const rapidjson::Value& row) { currency = customer_row(row).account.currency; });
    if (currency.empty()) throw permanent("Google Ads did not describe customer " + customer);

    api.search(customer, kCampaignQuery,
               [&](const rapidjson::Value& row) { sink.campaign(campaign_row(row, customer)); });

    helpers::DayCheckpoints days(request);
    if (!days.nothing_left()) {
      api.search(
          customer, metrics_query(days.first_day(), days.last_day()),
          [&](const rapidjson::Value& row) {
            auto metric = metric_row(row, customer, currency);
            days.saw(metric.date);
            sink.daily_metric(metric);
          },
          [&] { days.page_done(sink); });
    }
    days.finished(sink);
  }

 private:
  helpers::OAuthClient oauth_client(const HostServices& host) const override {
    auto client = helpers::client_from_settings(host, helpers::setting(host, "authorize_url"),
                                                helpers::setting(host, "token_url"),
                                                {"https://www.googleapis.com/auth/adwords"});
    // Offline access for a refresh token; consent so Google sends one on a reconnect too.
    client.authorize_params = {
        {"access_type", "offline"}, {"prompt", "consent"}, {"include_granted_scopes", "true"}};
    return client;
  }

  static Client client(HostServices& host, const Credentials& credentials) {
    return Client(host, api_settings(host), credentials.access_token);
  }
};

}  // namespace

ROI_SDK_CONNECTOR(GoogleAdsConnector);

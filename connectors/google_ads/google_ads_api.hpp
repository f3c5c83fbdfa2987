// The Google Ads REST API as the connector uses it: listAccessibleCustomers and paged
// googleAds:search, with GoogleAdsFailure answers turned into the SDK's error kinds.
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <optional>
#include <roi/sdk/connector.hpp>
#include <string>
#include <vector>

namespace roi::google_ads {

struct ApiSettings {
  std::string base_url;  // https://googleads.googleapis.com, or the simulator
  std::string version;   // "v26"
  std::string developer_token;
  std::string login_customer_id;  // digits; empty unless calling through a manager account
};

ApiSettings api_settings(const sdk::HostServices& host);

// Throws the error a failed Google Ads answer means (401 UNAUTHENTICATED → NeedsReauth; retryDelay
// from the quota details wins over Retry-After); returns for 2xx.
void check_response(const sdk::HttpResponse& response, std::string_view what);

class Client {
 public:
  // A refused access token (401 UNAUTHENTICATED) is thrown as NeedsReauth, never refreshed here:
  // the host refreshes, stores the new token and calls again.
  Client(sdk::HostServices& host, ApiSettings settings, std::string access_token);

  // Customer ids ("1234567890") the token can reach.
  std::vector<std::string> accessible_customers();
  // Runs `query` for `customer`, page by page, to the end; `on_row` sees each result row and
  // `on_page` runs after every page.
  void search(const std::string& customer, const std::string& query,
              const std::function<void(const rapidjson::Value& row)>& on_row,
              const std::function<void()>& on_page = {});

 private:
  rapidjson::Document call(const std::string& method, const std::string& url,
                           const std::string& body, std::string_view what,
                           const std::string& customer);
  sdk::HttpResponse send(const std::string& method, const std::string& url, const std::string& body,
                         const std::string& customer);

  sdk::HostServices& host_;
  ApiSettings settings_;
  std::string access_token_;
};

}  // namespace roi::google_ads

#include "google_ads_api.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <roi/sdk/helpers/http.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/paging.hpp>
#include <roi/sdk/helpers/retry.hpp>
#include <roi/sdk/helpers/settings.hpp>

namespace roi::google_ads {
namespace {

using namespace roi::sdk;

const rapidjson::Value* find(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

// quotaErrorDetails.retryDelay ("40591s", "1.5s") anywhere in the GoogleAdsFailure details.
std::optional<std::chrono::seconds> retry_delay(const rapidjson::Document& body) {
  const auto* error = find(body, "error");
  const auto* details = error ? find(*error, "details") : nullptr;
  if (!details || !details->IsArray()) return std::nullopt;
  for (const auto& failure : details->GetArray()) {
    const auto* errors = find(failure, "errors");
    if (!errors || !errors->IsArray()) continue;
    for (const auto& e : errors->GetArray()) {
      const auto* info = find(e, "details");
      const auto* quota = info ? find(*info, "quotaErrorDetails") : nullptr;
      const auto* delay = quota ? find(*quota, "retryDelay") : nullptr;
      if (!delay || !delay->IsString()) continue;
      std::string_view text = delay->GetString();
      if (!text.ends_with('s')) continue;
      const auto micros = helpers::parse_number_micros(text.substr(0, text.size() - 1));
      if (!micros || *micros < 0) continue;
      return std::chrono::seconds{std::min<std::int64_t>((*micros + 999'999) / 1'000'000, 86400)};
    }
  }
  return std::nullopt;
}

std::string json_string(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return buffer.GetString();
}

}  // namespace

ApiSettings api_settings(const HostServices& host) {
  return {helpers::setting(host, "api_base_url"), helpers::setting(host, "api_version"),
          helpers::required_setting(host, "developer_token"),
          helpers::setting(host, "login_customer_id")};
}

void check_response(const HttpResponse& response, std::string_view what) {
  if (response.status == 429) {
    rapidjson::Document body;
    body.Parse<rapidjson::kParseNumbersAsStringsFlag>(response.body.data(), response.body.size());
    if (!body.HasParseError()) {
      if (auto delay = retry_delay(body)) {
        throw rate_limited(std::string(what) + ": Google Ads quota exhausted", *delay);
      }
    }
  }
  helpers::expect_success(response, what);
}

Client::Client(HostServices& host, ApiSettings settings, std::string access_token)
    : host_(host), settings_(std::move(settings)), access_token_(std::move(access_token)) {
  if (access_token_.empty()) throw needs_reauth("there is no access token");
}

HttpResponse Client::send(const std::string& method, const std::string& url,
                          const std::string& body, const std::string& customer) {
  HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = {{"authorization", "Bearer " + access_token_},
                     {"developer-token", settings_.developer_token},
                     {"accept", "application/json"}};
  if (!body.empty()) request.headers.emplace_back("content-type", "application/json");
  if (!settings_.login_customer_id.empty() && !customer.empty()) {
    request.headers.emplace_back("login-customer-id", settings_.login_customer_id);
  }
  request.body = body;
  return host_.http(request);
}

rapidjson::Document Client::call(const std::string& method, const std::string& url,
                                 const std::string& body, std::string_view what,
                                 const std::string& customer) {
  rapidjson::Document doc;
  helpers::retry_transient(host_, [&] {
    const HttpResponse response = send(method, url, body, customer);
    check_response(response, what);
    doc = rapidjson::Document{};
    doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(response.body.data(), response.body.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      throw transient(std::string(what) + ": Google Ads answered malformed JSON");
    }
  });
  return doc;
}

std::vector<std::string> Client::accessible_customers() {
  const auto doc = call(
      "GET", settings_.base_url + "/" + settings_.version + "/customers:listAccessibleCustomers",
      "", "list accessible customers", "");
  std::vector<std::string> out;
  const auto* names = find(doc, "resourceNames");
  if (!names) return out;
  if (!names->IsArray()) throw permanent("list accessible customers: resourceNames is no list");
  for (const auto& name : names->GetArray()) {
    std::string_view text = name.IsString() ? name.GetString() : "";
    constexpr std::string_view kPrefix = "customers/";
    const auto id = text.starts_with(kPrefix) ? text.substr(kPrefix.size()) : std::string_view{};
    if (!helpers::is_numeric_id(id)) {
      throw permanent("list accessible customers: unreadable resource name");
    }
    out.emplace_back(id);
  }
  return out;
}

void Client::search(const std::string& customer, const std::string& query,
                    const std::function<void(const rapidjson::Value& row)>& on_row,
                    const std::function<void()>& on_page) {
  const std::string url =
      settings_.base_url + "/" + settings_.version + "/customers/" + customer + "/googleAds:search";
  helpers::for_each_page(host_, std::nullopt, [&](const std::optional<std::string>& token) {
    std::string body = "{\"query\":" + json_string(query);
    if (token) body += ",\"pageToken\":" + json_string(*token);
    body += "}";
    const auto page = call("POST", url, body, "search Google Ads", customer);
    if (const auto* results = find(page, "results")) {
      if (!results->IsArray()) throw permanent("search Google Ads: results is no list");
      for (const auto& row : results->GetArray()) on_row(row);
    }
    if (on_page) on_page();
    const auto* next = find(page, "nextPageToken");
    if (next && next->IsString() && next->GetStringLength() > 0) {
      return std::optional<std::string>(next->GetString());
    }
    return std::optional<std::string>();
  });
}

}  // namespace roi::google_ads

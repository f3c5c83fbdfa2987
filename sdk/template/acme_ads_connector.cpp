// Acme Ads: a connector for an ads platform whose users paste an API key. Copy the folder, rename
// "acme", and replace the wire format (README.md) with your platform's; the rest stays.
#include <rapidjson/document.h>

#include <roi/sdk/export.hpp>
#include <roi/sdk/helpers/day_checkpoints.hpp>
#include <roi/sdk/helpers/http.hpp>
#include <roi/sdk/helpers/money.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/paging.hpp>
#include <roi/sdk/helpers/retry.hpp>
#include <roi/sdk/helpers/settings.hpp>

namespace {

using namespace roi::sdk;

// What the user types to connect: one secret field. The host shows the form, checks the input
// against this schema, never echoes a "writeOnly" field and stores the credentials sealed. One
// line: the host refuses control characters (newlines too) in a self-description.
constexpr char kConnectForm[] =
    R"({"type": "object", "required": ["api_key"], "additionalProperties": false, )"
    R"("properties": {"api_key": {"type": "string", "title": "API key", "minLength": 1, )"
    R"("maxLength": 256, "writeOnly": true}}})";

std::string text(const rapidjson::Value& object, const char* name, std::string_view what) {
  if (!object.IsObject() || !object.HasMember(name) || !object[name].IsString()) {
    throw permanent(std::string(what) + ": the answer has no string '" + name + "'");
  }
  return object[name].GetString();
}

std::int64_t count(const rapidjson::Value& row, const char* name) {
  if (!row.HasMember(name) || !row[name].IsInt64() || row[name].GetInt64() < 0) {
    throw permanent(std::string("metrics: '") + name + "' is not a count");
  }
  return row[name].GetInt64();
}

// The next page's token, or nullopt on the last page.
std::optional<std::string> next_page(const rapidjson::Document& page) {
  if (!page.HasMember("next_page_token") || !page["next_page_token"].IsString())
    return std::nullopt;
  return std::string(page["next_page_token"].GetString());
}

CampaignStatus campaign_status(std::string_view status) {
  if (status == "active") return CampaignStatus::Active;
  if (status == "paused") return CampaignStatus::Paused;
  if (status == "removed") return CampaignStatus::Removed;
  return CampaignStatus::Unknown;
}

// One GET on the Acme API with the user's key. HTTP failures become the SDK's error kinds
// (401 → NeedsReauth, 429 → RateLimited with Retry-After, 5xx → Transient); a 5xx or a cut-off
// body is retried a few times first, so one blip does not fail a whole sync.
rapidjson::Document get(HostServices& host, const std::string& api_key, const std::string& path,
                        const Headers& query, std::string_view what) {
  const std::string base = helpers::required_setting(host, "api_base_url");
  rapidjson::Document page;
  helpers::retry_transient(host, [&] {
    HttpRequest request;
    request.url = helpers::with_query(base + path, query);
    request.headers = {{"authorization", "Bearer " + api_key}, {"accept", "application/json"}};
    const HttpResponse response = host.http(request);
    helpers::expect_success(response, what);
    page.Parse(response.body.c_str(), response.body.size());
    if (page.HasParseError() || !page.IsObject()) {
      throw transient(std::string(what) + ": the answer is not a JSON object");
    }
  });
  return page;
}

std::vector<Account> accounts(HostServices& host, const std::string& api_key) {
  const auto page = get(host, api_key, "/v1/accounts", {}, "list accounts");
  if (!page.HasMember("accounts") || !page["accounts"].IsArray()) {
    throw permanent("list accounts: the answer has no 'accounts'");
  }
  std::vector<Account> out;
  for (const auto& a : page["accounts"].GetArray()) {
    out.push_back({text(a, "id", "list accounts"), text(a, "name", "list accounts"),
                   text(a, "currency", "list accounts"), text(a, "time_zone", "list accounts")});
  }
  return out;
}

Headers page_query(Headers query, const std::optional<std::string>& cursor) {
  if (cursor) query.emplace_back("page_token", *cursor);
  return query;
}

class AcmeAdsConnector final : public Connector {
 public:
  Description describe() const override {
    Description d{"acme-ads", "Acme Ads", ACME_ADS_VERSION, {Capability::Ads}};
    d.connect = {ConnectMethod::Form, kConnectForm};
    d.settings = {{.key = "api_base_url",
                   .description = "Acme Ads API root, e.g. https://api.acme-ads.example",
                   .required = true}};
    return d;
  }

  Credentials connect_form(HostServices& host, const FormConnectRequest& request) override {
    Credentials credentials;
    for (const auto& [name, value] : request.fields) {
      if (name == "api_key") credentials.access_token = value;
    }
    check(host, credentials);  // a refused key is NeedsReauth: the user corrects the form
    return credentials;
  }

  void check(HostServices& host, const Credentials& credentials) override {
    get(host, credentials.access_token, "/v1/accounts", {}, "check the API key");
  }

  std::vector<Account> list_accounts(HostServices& host, const Credentials& credentials) override {
    return accounts(host, credentials.access_token);
  }

  void sync(HostServices& host, const SyncRequest& request, RecordSink& sink) override {
    const std::string& key = request.credentials.access_token;
    const std::string account = "/v1/accounts/" + helpers::url_encode(request.account_id);
    const std::string currency = account_currency(host, request);

    // Campaigns first (every sync, resumed or not), so each daily row's campaign is known.
    helpers::for_each_page(host, std::nullopt, [&](const std::optional<std::string>& cursor) {
      const auto page =
          get(host, key, account + "/campaigns", page_query({}, cursor), "list campaigns");
      if (!page.HasMember("campaigns") || !page["campaigns"].IsArray()) {
        throw permanent("list campaigns: the answer has no 'campaigns'");
      }
      for (const auto& c : page["campaigns"].GetArray()) {
        sink.campaign({request.account_id, text(c, "id", "list campaigns"),
                       text(c, "name", "list campaigns"),
                       campaign_status(text(c, "status", "list campaigns"))});
      }
      return next_page(page);
    });

    // Rows come in date order, so a page holding a later day completes the earlier ones: a
    // checkpoint per page, and a resumed sync starts the day after the last one.
    helpers::DayCheckpoints days(request);
    if (!days.nothing_left()) {
      const Headers range = {{"since", helpers::format_date(days.first_day())},
                             {"until", helpers::format_date(days.last_day())}};
      helpers::for_each_page(host, std::nullopt, [&](const std::optional<std::string>& cursor) {
        const auto page =
            get(host, key, account + "/metrics", page_query(range, cursor), "read metrics");
        if (!page.HasMember("rows") || !page["rows"].IsArray()) {
          throw permanent("read metrics: the answer has no 'rows'");
        }
        for (const auto& row : page["rows"].GetArray()) {
          sink.daily_metric(metric(row, request.account_id, currency, days));
        }
        days.page_done(sink);
        return next_page(page);
      });
    }
    days.finished(sink);
  }

  // An API key has nothing to refresh: a refused key means the user must enter a new one.
  Credentials refresh_credentials(HostServices&, const Credentials&) override {
    throw needs_reauth("Acme Ads refused the API key; connect again with a valid one");
  }
  OAuthStart start_oauth(HostServices&, const OAuthStartRequest&) override { throw no_oauth(); }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest&) override { throw no_oauth(); }

 private:
  static ConnectorError no_oauth() {
    return ConnectorError(ErrorKind::Unsupported, "Acme Ads connects with an API key, not OAuth");
  }

  static std::string account_currency(HostServices& host, const SyncRequest& request) {
    for (const auto& a : accounts(host, request.credentials.access_token)) {
      if (a.id == request.account_id) return a.currency;
    }
    throw permanent("Acme Ads does not list account " + request.account_id + " for this key");
  }

  static DailyMetric metric(const rapidjson::Value& row, const std::string& account,
                            const std::string& currency, helpers::DayCheckpoints& days) {
    const auto date = helpers::parse_date(text(row, "date", "read metrics"));
    if (!date) throw permanent("read metrics: a row's date is not YYYY-MM-DD");
    days.saw(*date);
    const auto conversions =
        helpers::parse_decimal_micros(text(row, "conversions", "read metrics"));
    if (!conversions) throw permanent("read metrics: 'conversions' is not a decimal");
    return {account,
            text(row, "campaign_id", "read metrics"),
            *date,
            count(row, "impressions"),
            count(row, "clicks"),
            helpers::parse_money(text(row, "spend", "read metrics"), currency, "spend"),
            *conversions,
            helpers::parse_money(text(row, "conversion_value", "read metrics"), currency,
                                 "conversion_value")};
  }
};

}  // namespace

ROI_SDK_CONNECTOR(AcmeAdsConnector);

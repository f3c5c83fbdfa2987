// The example connector: a complete, small plugin over a static platform of its own. It shows
// every part a real connector has, using the SDK helpers for OAuth, paging, money and webhooks.
#include <roi/sdk/export.hpp>
#include <roi/sdk/helpers/hmac.hpp>
#include <roi/sdk/helpers/money.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/oauth.hpp>
#include <roi/sdk/helpers/paging.hpp>
#include <roi/sdk/helpers/settings.hpp>

#include "example_data.hpp"

namespace {

using namespace roi::sdk;
using namespace std::chrono;

year_month_day parse_iso_date(const std::string& text) {
  auto date = helpers::parse_date(text);
  if (!date) throw permanent("unreadable checkpoint '" + text + "'");
  return *date;
}

CampaignStatus campaign_status(const std::string& raw) {
  if (raw == "ENABLED") return CampaignStatus::Active;
  if (raw == "PAUSED") return CampaignStatus::Paused;
  if (raw == "REMOVED") return CampaignStatus::Removed;
  return CampaignStatus::Unknown;
}

std::int64_t count_micros(const std::string& decimal) {
  auto micros = helpers::parse_decimal_micros(decimal);
  if (!micros) throw permanent("the platform sent an invalid conversion count");
  return *micros;
}

const example::RawAccount& find_account(const std::string& id) {
  for (const auto& a : example::accounts()) {
    if (a.id == id) return a;
  }
  throw permanent("no account '" + id + "' on the example platform");
}

class ExampleConnector final : public helpers::OAuth2Connector {
 public:
  // Settings without a default and not required (client_id, webhook_secret) fail the calls
  // that need them instead of refusing the load, so the example goes live on any host.
  Description describe() const override {
    return {.id = "example",
            .name = "Example Ads",
            .version = EXAMPLE_CONNECTOR_VERSION,
            .capabilities = {Capability::Ads},
            .connect = {ConnectMethod::OAuth2},
            .settings = {
                {.key = "client_id", .description = "OAuth client id at the example platform"},
                {.key = "client_secret",
                 .description = "OAuth client secret at the example platform",
                 .secret = true},
                {.key = "authorize_url",
                 .description = "the platform's OAuth consent page",
                 .default_value = "https://example.invalid/oauth/authorize"},
                {.key = "token_url",
                 .description = "the platform's OAuth token endpoint",
                 .default_value = "https://example.invalid/oauth/token"},
                {.key = "webhook_secret",
                 .description = "key the platform signs webhooks with",
                 .secret = true},
            }};
  }

  std::vector<Account> list_accounts(HostServices&, const Credentials& credentials) override {
    require_token(credentials);
    std::vector<Account> out;
    for (const auto& a : example::accounts())
      out.push_back({a.id, a.name, a.currency, a.time_zone});
    return out;
  }

  // One page per week of data; the checkpoint after each page is the next day to fetch, so an
  // interrupted sync resumes where it stopped.
  void sync(HostServices& host, const SyncRequest& request, RecordSink& sink) override {
    require_token(request.credentials);
    const auto& account = find_account(request.account_id);
    for (const auto& c : example::campaigns(account.id)) {
      sink.campaign({c.account_id, c.id, c.name, campaign_status(c.status)});
    }
    const sys_days last{request.to};
    const long long total = (last - sys_days{request.from}).count() + 1;
    std::optional<std::string> start;
    if (request.resume_from) start = *request.resume_from;
    helpers::for_each_page(host, start, [&](const std::optional<std::string>& cursor) {
      sys_days first = cursor ? sys_days{parse_iso_date(*cursor)} : sys_days{request.from};
      sys_days day = first;
      for (; day <= last && day < first + days{7}; day += days{1}) {
        for (const auto& raw : example::day(account.id, year_month_day{day})) {
          sink.daily_metric({account.id, raw.campaign_id, year_month_day{day}, raw.impressions,
                             raw.clicks, helpers::parse_money(raw.spend, account.currency, "spend"),
                             count_micros(raw.conversions),
                             helpers::parse_money(raw.revenue, account.currency, "revenue")});
        }
      }
      std::optional<std::string> next;
      if (day <= last) next = helpers::format_date(year_month_day{day});
      sink.checkpoint(next.value_or(helpers::format_date(request.to)));
      sink.progress({(day - sys_days{request.from}).count(), total});
      return next;
    });
  }

  bool accepts_webhooks() const override { return true; }

  // The example platform signs the raw body with HMAC-SHA256 (base64) in x-example-signature.
  bool verify_webhook(HostServices& host, const WebhookRequest& request) override {
    const auto secret = host.setting("webhook_secret");
    if (!secret || secret->empty()) throw permanent("setting 'webhook_secret' is missing");
    for (const auto& [name, value] : request.headers) {
      if (name == "x-example-signature") {
        return helpers::verify_hmac_sha256_base64(*secret, request.body, value);
      }
    }
    return false;
  }

  // Body: "<event id> <event type> <account id>" on one line; the host records it, nothing more.
  std::vector<WebhookEvent> parse_webhook(HostServices&, const WebhookRequest& request) override {
    const auto first = request.body.find(' ');
    const auto second = request.body.find(' ', first == std::string::npos ? first : first + 1);
    if (first == std::string::npos || second == std::string::npos) {
      throw permanent("the webhook body is not '<id> <type> <account>'");
    }
    return {{request.body.substr(0, first), request.body.substr(first + 1, second - first - 1),
             request.body.substr(second + 1)}};
  }

 private:
  helpers::OAuthClient oauth_client(const HostServices& host) const override {
    return helpers::client_from_settings(host, helpers::setting(host, "authorize_url"),
                                         helpers::setting(host, "token_url"), {"reports"});
  }

  static void require_token(const Credentials& credentials) {
    if (credentials.access_token.empty()) throw needs_reauth("no access token");
  }
};

}  // namespace

ROI_SDK_CONNECTOR(ExampleConnector);

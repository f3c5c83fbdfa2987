// The Meta connector: Facebook Login (manual flow) whose short-lived token is swapped at once
// for a long-lived one, the user's ad accounts, and campaigns with daily insights per account.
#include <roi/sdk/export.hpp>
#include <roi/sdk/helpers/day_checkpoints.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/oauth.hpp>
#include <roi/sdk/helpers/settings.hpp>

#include "meta_graph.hpp"
#include "meta_rows.hpp"
#include "meta_webhooks.hpp"

namespace {

using namespace roi::sdk;
using namespace roi::meta;

// Ad account ids are digits; paths write them act_<id>.
std::string account_edge(const std::string& id, const char* edge) {
  if (!helpers::is_numeric_id(id)) throw permanent("'" + id + "' is not a Meta ad account id");
  return "act_" + id + "/" + edge;
}

class MetaConnector final : public helpers::OAuth2Connector {
 public:
  Description describe() const override {
    return {
        .id = "meta",
        .name = "Meta Ads",
        .version = META_CONNECTOR_VERSION,
        .capabilities = {Capability::Ads},
        .connect = {ConnectMethod::OAuth2},
        .settings = {
            {.key = "client_id",
             .description = "App id of the Meta app",
             .required = true,
             .aliases = {"META_APP_ID"}},
            {.key = "client_secret",
             .description = "App secret of the Meta app; it also signs webhook notifications",
             .required = true,
             .secret = true,
             .aliases = {"META_APP_SECRET"}},
            {.key = "dialog_base_url",
             .description = "origin of Facebook Login's dialog",
             .default_value = "https://www.facebook.com"},
            {.key = "graph_base_url",
             .description = "Graph API origin",
             .default_value = "https://graph.facebook.com"},
            {.key = "api_version", .description = "Graph API version", .default_value = "v25.0"},
            {.key = "page_size",
             .description = "rows per Graph page, 1 to 5000",
             .default_value = "500"},
            {.key = "webhook_verify_token",
             .description = "hub.verify_token of the webhook subscription",
             .secret = true,
             .aliases = {"META_WEBHOOK_VERIFY_TOKEN"}},
        }};
  }

  // The code gives a token for about two hours; the long-lived one lasts about 60 days.
  Credentials finish_oauth(HostServices& host, const OAuthFinishRequest& request) override {
    const auto client = oauth_client(host);
    return long_lived(host, client, helpers::exchange_code(host, client, request));
  }

  // Meta has no refresh token: a still-valid token is exchanged for a fresh long-lived one.
  Credentials refresh_credentials(HostServices& host, const Credentials& credentials) override {
    if (credentials.access_token.empty()) throw needs_reauth("there is no access token");
    return long_lived(host, oauth_client(host), credentials);
  }

  std::vector<Account> list_accounts(HostServices& host, const Credentials& credentials) override {
    std::vector<Account> out;
    graph(host, credentials)
        .each("me/adaccounts",
              {{"fields", "account_id,name,currency,timezone_name"}, {"limit", "100"}},
              [&](const rapidjson::Value& item) { out.push_back(account_item(item)); });
    return out;
  }

  bool accepts_webhooks() const override { return true; }

  bool verify_webhook(HostServices& host, const WebhookRequest& request) override {
    return verify_notification(request, host.setting("client_secret").value_or(""));
  }

  std::vector<WebhookEvent> parse_webhook(HostServices&, const WebhookRequest& request) override {
    return {read_notification(request)};
  }

  std::optional<std::string> webhook_handshake(HostServices& host,
                                               const WebhookRequest& request) override {
    return answer_handshake(request.query, host.setting("webhook_verify_token").value_or(""));
  }

  void sync(HostServices& host, const SyncRequest& request, RecordSink& sink) override {
    Graph api = graph(host, request.credentials);
    const std::string& account = request.account_id;
    const std::string limit = page_size(host);
    api.each(account_edge(account, "campaigns"),
             {{"fields", "id,name,effective_status"},
              {"effective_status", R"(["ACTIVE","PAUSED","ARCHIVED"])"},
              {"limit", limit}},
             [&](const rapidjson::Value& item) { sink.campaign(campaign_item(item, account)); });

    helpers::DayCheckpoints days(request);
    if (!days.nothing_left()) {
      const std::string range = R"({"since":")" + helpers::format_date(days.first_day()) +
                                R"(","until":")" + helpers::format_date(days.last_day()) + "\"}";
      api.each(
          account_edge(account, "insights"),
          {{"level", "campaign"},
           {"time_increment", "1"},
           {"time_range", range},
           {"fields",
            "campaign_id,spend,impressions,clicks,actions,action_values,account_currency"},
           {"limit", limit}},
          [&](const rapidjson::Value& row) {
            auto metric = insight_row(row, account);
            days.saw(metric.date);
            sink.daily_metric(metric);
          },
          [&] { days.page_done(sink); });
    }
    days.finished(sink);
  }

 private:
  // Rows per Graph page (setting page_size, 1–5000; 500 by default).
  static std::string page_size(const HostServices& host) {
    const auto text = helpers::setting(host, "page_size");
    const auto value = helpers::parse_int64(text);
    if (!value || *value < 1 || *value > 5000) {
      throw permanent("setting 'page_size' must be 1 to 5000");
    }
    return text;
  }

  helpers::OAuthClient oauth_client(const HostServices& host) const override {
    const auto version = helpers::setting(host, "api_version");
    auto client = helpers::client_from_settings(
        host, helpers::setting(host, "dialog_base_url") + "/" + version + "/dialog/oauth",
        graph_settings(host).base_url + "/" + version + "/oauth/access_token",
        {"ads_read", "business_management"});
    client.scope_separator = ",";
    client.token_via_get = true;
    client.classify_error = [](const HttpResponse& r) {
      classify_graph_error(r, "Meta token endpoint");
    };
    return client;
  }

  static Credentials long_lived(HostServices& host, const helpers::OAuthClient& client,
                                const Credentials& short_lived) {
    return helpers::token_request(
        host, client,
        {{"grant_type", "fb_exchange_token"}, {"fb_exchange_token", short_lived.access_token}},
        "exchange for a long-lived token");
  }

  static Graph graph(HostServices& host, const Credentials& credentials) {
    return Graph(host, graph_settings(host), credentials.access_token);
  }
};

}  // namespace

ROI_SDK_CONNECTOR(MetaConnector);

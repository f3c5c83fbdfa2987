// The Shopify connector: the app install on the merchant's shop (OAuth authorization-code grant,
// the callback's query HMAC and timestamp checked before the code is used), the shop as the one
// account, its orders with net revenue and UTM attribution through the Admin GraphQL API, and
// its webhook deliveries (orders, uninstall, privacy topics) as typed events.
#include <roi/sdk/export.hpp>
#include <roi/sdk/helpers/oauth.hpp>
#include <roi/sdk/helpers/settings.hpp>

#include "shopify_admin.hpp"
#include "shopify_install.hpp"
#include "shopify_webhooks.hpp"

namespace {

using namespace roi::sdk;
using namespace roi::shopify;

std::string shop_param(const Headers& params) {
  for (const auto& [name, value] : params)
    if (name == "shop") return value;
  return {};
}

class ShopifyConnector final : public Connector, public OrdersCapability {
 public:
  // The user names the shop to install on; the login must come back for that shop.
  Description describe() const override {
    return {
        .id = "shopify",
        .name = "Shopify",
        .version = SHOPIFY_CONNECTOR_VERSION,
        .capabilities = {},
        .connect = {ConnectMethod::OAuth2,
                    R"({"type": "object", "required": ["shop"], "additionalProperties": false,)"
                    R"( "properties": {"shop": {"type": "string", "title": "Shop domain",)"
                    R"( "maxLength": 255, "x-roi-account": true,)"
                    R"( "pattern": "^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$"}}})"},
        .settings = {
            {.key = "client_id",
             .description = "API key of the Shopify app",
             .required = true,
             .aliases = {"SHOPIFY_API_KEY"}},
            {.key = "client_secret",
             .description = "API secret key of the Shopify app",
             .required = true,
             .secret = true,
             .aliases = {"SHOPIFY_API_SECRET"}},
            {.key = "shop_base_url",
             .description = "a shop's origin, {shop} standing for its domain",
             .default_value = "https://{shop}"},
            {.key = "api_version", .description = "Admin API version", .default_value = "2026-10"},
            {.key = "page_size",
             .description = "orders per Admin API page, 1 to 250",
             .default_value = "250"},
        }};
  }

  // The install URL lives on the merchant's own shop, so the host passes the shop along.
  OAuthStart start_oauth(HostServices& host, const OAuthStartRequest& request) override {
    return helpers::authorize(oauth(host, shop_param(request.params)), request);
  }

  Credentials finish_oauth(HostServices& host, const OAuthFinishRequest& request) override {
    const auto secret = helpers::required_setting(host, "client_secret");
    const auto shop = verify_callback(request.callback_query, secret, host.now());
    auto credentials = helpers::exchange_code(host, oauth(host, shop), request);
    credentials.account_id = shop;  // a Shopify token is good for this one shop only
    return credentials;
  }

  // Offline tokens do not expire; they end when the merchant uninstalls the app.
  Credentials refresh_credentials(HostServices&, const Credentials& credentials) override {
    if (credentials.access_token.empty()) throw needs_reauth("there is no access token");
    return credentials;
  }

  std::vector<Account> list_accounts(HostServices& host, const Credentials& credentials) override {
    return {Admin(host, credentials.account_id, credentials.access_token).shop_account()};
  }

  // A store has no ad campaigns: its data comes through orders().
  void sync(HostServices&, const SyncRequest&, RecordSink&) override {
    throw ConnectorError(ErrorKind::Unsupported,
                         "Shopify is a store: it has no ad campaigns, only orders");
  }

  OrdersCapability* orders() override { return this; }

  // The API secret (client_secret) signs webhook deliveries too.
  bool accepts_webhooks() const override { return true; }

  bool verify_webhook(HostServices& host, const WebhookRequest& request) override {
    return verify_delivery(request, host.setting("client_secret").value_or(""));
  }

  std::vector<WebhookEvent> parse_webhook(HostServices&, const WebhookRequest& request) override {
    return {read_delivery(request)};
  }

  void sync_orders(HostServices& host, const SyncRequest& request, RecordSink& sink) override {
    std::int64_t done = 0;
    Admin(host, request.account_id, request.credentials.access_token)
        .orders(
            request.from, request.to, request.resume_from,
            [&](const Order& order) {
              sink.order(order);
              ++done;
            },
            [&](const std::string& cursor) {
              sink.checkpoint(cursor);
              sink.progress({done, 0});
            });
  }

 private:
  static helpers::OAuthClient oauth(const HostServices& host, const std::string& shop) {
    const auto base = shop_base(host, shop);
    return helpers::client_from_settings(host, base + "/admin/oauth/authorize",
                                         base + "/admin/oauth/access_token", {"read_orders"});
  }
};

}  // namespace

ROI_SDK_CONNECTOR(ShopifyConnector);

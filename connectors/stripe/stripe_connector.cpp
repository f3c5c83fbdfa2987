// The `stripe` connector: the billing capability over Stripe. Upgrading creates a Checkout
// Session in subscription mode for the plan's price; a plan change updates the running
// subscription's item to the new price with proration; cancelling ends the subscription at the
// end of the paid period. Webhook events are checked against the endpoint secret and read into
// subscription changes for the host's billing.
#include <roi/sdk/export.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/webhooks.hpp>

#include "stripe_api.hpp"
#include "stripe_events.hpp"
#include "stripe_signature.hpp"

namespace {

using namespace roi::sdk;
using roi::stripe::StripeApi;

ConnectorError no_ads() {
  return {ErrorKind::Unsupported, "Stripe bills users; it has no ad accounts"};
}

// The plan's price id: the setting price_<plan> (ROI_CONNECTOR_STRIPE_PRICE_PRO, ...).
std::string plan_price(HostServices& host, const std::string& plan) {
  const auto price = host.setting("price_" + plan);
  if (!price || price->empty())
    throw permanent("no Stripe price is configured for plan '" + plan + "'");
  return *price;
}

// Stripe ids are prefixed words ("sub_1NG8..."); anything else never reaches a URL path.
bool is_stripe_id(const std::string& id, const std::string& prefix) {
  if (id.size() <= prefix.size() || id.size() > 255 || id.compare(0, prefix.size(), prefix) != 0) {
    return false;
  }
  for (char c : id) {
    const bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word) return false;
  }
  return true;
}

class StripeBilling final : public BillingCapability {
 public:
  // The plan's price comes from the setting price_<plan> (ROI_CONNECTOR_STRIPE_PRICE_PRO, ...).
  // The user id and plan travel in the session's and the subscription's metadata, so every
  // webhook event links back to the user on its own, whatever order they arrive in.
  CheckoutSession create_checkout(HostServices& host, const CheckoutRequest& request) override {
    const std::string price = plan_price(host, request.plan);
    const std::string what = "create a checkout session";
    const std::string body =
        StripeApi(host).post("checkout/sessions",
                             {{"mode", "subscription"},
                              {"line_items[0][price]", price},
                              {"line_items[0][quantity]", "1"},
                              {"client_reference_id", request.customer_reference},
                              {"customer_email", request.customer_email},
                              {"success_url", request.success_url},
                              {"cancel_url", request.cancel_url},
                              {"metadata[user_id]", request.customer_reference},
                              {"metadata[plan]", request.plan},
                              {"subscription_data[metadata][user_id]", request.customer_reference},
                              {"subscription_data[metadata][plan]", request.plan}},
                             what);
    return {roi::stripe::json_string(body, "id", what),
            roi::stripe::json_string(body, "url", what)};
  }

  // At period end, never at once: the user keeps what they paid for.
  void cancel_subscription(HostServices& host, const std::string& subscription_id) override {
    if (!is_stripe_id(subscription_id, "sub_")) throw permanent("not a Stripe subscription id");
    StripeApi(host).post("subscriptions/" + subscription_id, {{"cancel_at_period_end", "true"}},
                         "cancel a subscription at period end");
  }

  // The subscription's one item moves to the plan's price now, prorated, and a pending
  // cancellation is withdrawn; the metadata names the new plan, so the
  // customer.subscription.updated event that follows says what this answer says.
  SubscriptionChange change_plan(HostServices& host, const PlanChangeRequest& request) override {
    if (!is_stripe_id(request.subscription_id, "sub_"))
      throw permanent("not a Stripe subscription id");
    const std::string price = plan_price(host, request.plan);
    StripeApi api(host);
    const std::string path = "subscriptions/" + request.subscription_id;
    const std::string item = roi::stripe::first_item_id(api.get(path, "read a subscription"));
    const std::string body = api.post(path,
                                      {{"items[0][id]", item},
                                       {"items[0][price]", price},
                                       {"proration_behavior", "create_prorations"},
                                       {"cancel_at_period_end", "false"},
                                       {"metadata[user_id]", request.customer_reference},
                                       {"metadata[plan]", request.plan}},
                                      "change a subscription's plan");
    return roi::stripe::read_subscription(body);
  }
};

using roi::stripe::Verdict;

// Stripe's own libraries allow 300 s; the setting may narrow or widen it within an hour.
constexpr std::chrono::seconds kDefaultTolerance{300};

std::chrono::seconds tolerance(HostServices& host) {
  const auto value = host.setting("webhook_tolerance_s");
  if (!value || value->empty()) return kDefaultTolerance;
  const auto seconds = helpers::parse_int64(*value);
  if (!seconds || *seconds < 1 || *seconds > 3600) {
    host.log(LogLevel::Warn, "webhook_tolerance_s is not 1-3600 seconds; 300 is used");
    return kDefaultTolerance;
  }
  return std::chrono::seconds(*seconds);
}

class StripeConnector final : public Connector {
 public:
  // Nothing for a user to connect: Stripe bills them through the operator's own account.
  Description describe() const override {
    return {.id = "stripe",
            .name = "Stripe",
            .version = STRIPE_CONNECTOR_VERSION,
            .capabilities = {Capability::Billing},
            .connect = {ConnectMethod::None},
            .settings = {
                {.key = "secret_key",
                 .description = "secret API key of the operator's Stripe account",
                 .required = true,
                 .secret = true,
                 .aliases = {"STRIPE_SECRET_KEY"}},
                {.key = "api_base",
                 .description = "Stripe API origin",
                 .default_value = "https://api.stripe.com"},
                {.key = "api_version",
                 .description = "Stripe-Version to pin; unset: the account's default"},
                {.key = "price_starter", .description = "Stripe price id of the starter plan"},
                {.key = "price_pro", .description = "Stripe price id of the pro plan"},
                {.key = "price_agency", .description = "Stripe price id of the agency plan"},
                {.key = "webhook_secret",
                 .description = "signing secret of the webhook endpoint (whsec_...)",
                 .secret = true,
                 .aliases = {"STRIPE_WEBHOOK_SECRET"}},
                {.key = "webhook_tolerance_s",
                 .description = "how far a Stripe-Signature timestamp may be from now, seconds",
                 .default_value = std::to_string(kDefaultTolerance.count()),
                 .aliases = {"ROI_STRIPE_WEBHOOK_TOLERANCE_S"}},
            }};
  }

  OAuthStart start_oauth(HostServices&, const OAuthStartRequest&) override { throw no_ads(); }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest&) override { throw no_ads(); }
  Credentials refresh_credentials(HostServices&, const Credentials&) override { throw no_ads(); }
  std::vector<Account> list_accounts(HostServices&, const Credentials&) override { throw no_ads(); }
  void sync(HostServices&, const SyncRequest&, RecordSink&) override { throw no_ads(); }

  BillingCapability* billing() override { return &billing_; }

  bool accepts_webhooks() const override { return true; }

  bool verify_webhook(HostServices& host, const WebhookRequest& request) override {
    const auto secret = host.setting("webhook_secret");
    // An empty key would accept signatures anyone can make.
    if (!secret || secret->empty()) {
      host.log(LogLevel::Warn, "webhook refused: the setting webhook_secret is not set");
      return false;
    }
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(host.now().time_since_epoch()).count();
    const Verdict verdict = roi::stripe::verify_stripe_signature(
        helpers::first_value(request.headers, "stripe-signature"), request.body, *secret, now,
        tolerance(host).count());
    if (verdict == Verdict::Stale) host.log(LogLevel::Warn, "webhook refused: stale timestamp");
    if (verdict == Verdict::MissingSignature) host.log(LogLevel::Info, "webhook refused: unsigned");
    return verdict == Verdict::Valid;
  }

  std::vector<WebhookEvent> parse_webhook(HostServices&, const WebhookRequest& request) override {
    return {roi::stripe::read_event(request.body)};
  }

 private:
  StripeBilling billing_;
};

}  // namespace

ROI_SDK_CONNECTOR(StripeConnector);

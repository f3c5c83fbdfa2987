// The host's way to call a connector: every SDK operation, pinned to the version that was
// serving when the client was made, each run in one of that version's workers under a deadline,
// with the answer checked.
#pragma once

#include <memory>
#include <optional>
#include <roi/sdk/connector.hpp>
#include <roi/wire/protocol.hpp>
#include <stop_token>
#include <string>
#include <vector>

#include "plugins/call_services.hpp"
#include "plugins/loaded_connector.hpp"

namespace roi::plugins {

// Every method throws CallError on failure and nothing else. A call that passes its deadline
// ends its worker (killed and reaped); a worker that dies fails only the call it was serving.
class ConnectorClient {
 public:
  ConnectorClient(std::shared_ptr<LoadedConnector> version,
                  std::shared_ptr<const CallEnvironment> env);

  const sdk::Description& loaded_description() const { return version_->description(); }

  sdk::Description describe();
  sdk::OAuthStart start_oauth(const sdk::OAuthStartRequest& request);
  sdk::Credentials finish_oauth(const sdk::OAuthFinishRequest& request);
  sdk::Credentials refresh_credentials(const sdk::Credentials& credentials);
  std::vector<sdk::Account> list_accounts(const sdk::Credentials& credentials);
  void check(const sdk::Credentials& credentials);
  sdk::Credentials connect_form(const sdk::FormConnectRequest& request);
  // `sink` receives only records that pass their checks. A stop request is the connector's
  // cancelled(): it ends the call at its next page, as a failure, or within two seconds.
  void sync(const sdk::SyncRequest& request, sdk::RecordSink& sink, std::stop_token stop = {});
  void sync_orders(const sdk::SyncRequest& request, sdk::RecordSink& sink,
                   std::stop_token stop = {});
  bool verify_webhook(const sdk::WebhookRequest& request);
  std::vector<sdk::WebhookEvent> parse_webhook(const sdk::WebhookRequest& request);
  std::optional<std::string> webhook_handshake(const sdk::WebhookRequest& request);
  sdk::CheckoutSession create_checkout(const sdk::CheckoutRequest& request);
  void cancel_subscription(const std::string& subscription_id);
  sdk::SubscriptionChange change_plan(const sdk::PlanChangeRequest& request);

 private:
  template <wire::Op op>
  typename wire::OpTypes<op>::Out call(const typename wire::OpTypes<op>::In& input,
                                       std::chrono::milliseconds timeout,
                                       sdk::RecordSink* sink = nullptr, std::stop_token stop = {});
  template <wire::Op op>
  void sync_call(const sdk::SyncRequest& request, sdk::RecordSink& sink, std::stop_token stop);
  [[noreturn]] void fail(CallError::Kind kind, const std::string& detail,
                         std::chrono::seconds retry_after = std::chrono::seconds{0}) const;

  std::shared_ptr<LoadedConnector> version_;
  std::shared_ptr<const CallEnvironment> env_;
};

}  // namespace roi::plugins

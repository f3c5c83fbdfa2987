#include "plugins/connector_client.hpp"

#include <algorithm>
#include <chrono>

#include "connector/output_checks.hpp"
#include "plugins/guarded_sink.hpp"
#include "plugins/worker_call.hpp"
#include "text/utf8.hpp"

namespace roi::plugins {
namespace {

using wire::Op;

CallError::Kind kind_of(sdk::ErrorKind kind) {
  switch (kind) {
    case sdk::ErrorKind::NeedsReauth:
      return CallError::Kind::NeedsReauth;
    case sdk::ErrorKind::RateLimited:
      return CallError::Kind::RateLimited;
    case sdk::ErrorKind::Transient:
      return CallError::Kind::Transient;
    case sdk::ErrorKind::Permanent:
      return CallError::Kind::Permanent;
    case sdk::ErrorKind::Unsupported:
      return CallError::Kind::Unsupported;
    case sdk::ErrorKind::None:
    case sdk::ErrorKind::Fault:
      return CallError::Kind::Fault;
  }
  return CallError::Kind::InvalidOutput;  // an error kind this host does not know
}

template <typename Out>
Problem check_output(const Out& out) {
  if constexpr (std::is_same_v<Out, wire::Nothing> || std::is_same_v<Out, bool>) {
    return std::nullopt;
  } else {
    return plugins::check(out);
  }
}

}  // namespace

ConnectorClient::ConnectorClient(std::shared_ptr<LoadedConnector> version,
                                 std::shared_ptr<const CallEnvironment> env)
    : version_(std::move(version)), env_(std::move(env)) {}

void ConnectorClient::fail(CallError::Kind kind, const std::string& detail,
                           std::chrono::seconds retry_after) const {
  if (auto* counter = env_->failures[static_cast<std::size_t>(kind)]) counter->inc();
  throw CallError(kind, version_->description().id, detail, retry_after);
}

template <Op op>
typename wire::OpTypes<op>::Out ConnectorClient::call(const typename wire::OpTypes<op>::In& input,
                                                      std::chrono::milliseconds timeout,
                                                      sdk::RecordSink* sink, std::stop_token stop) {
  using Out = typename wire::OpTypes<op>::Out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  CallServices services(env_, version_->description().id, version_->settings(), deadline, stop);
  CallContext context{services, sink, next_call_id(), deadline, timeout, std::move(stop)};
  wire::Writer frame = wire::begin_frame(wire::Message::Call);
  frame.u32(context.id);
  wire::encode(frame, op);
  frame.i64(timeout.count());
  wire::encode(frame, input);

  Out out{};
  sdk::Status status;
  try {
    auto lease = version_->workers().acquire(deadline);
    const std::string result = converse(lease, wire::finish_frame(frame), context);
    try {
      wire::Reader r(result);
      wire::decode(r, status);
      if (status.ok()) wire::decode(r, out);
      r.expect_end();
    } catch (const wire::Malformed& e) {
      lease.end(false);
      throw CallFailure(CallError::Kind::InvalidOutput,
                        std::string("sent a malformed result: ") + e.what());
    }
    lease.give_back();
  } catch (const CallFailure& f) {
    fail(f.kind(), f.what());
  }
  if (!status.ok()) {
    fail(kind_of(status.kind), text::sanitize_for_echo(status.message, 500),
         // A plugin's wait is advice from outside: never zero or negative (a retry storm), never
         // past a day (a job parked forever).
         std::clamp(status.retry_after, std::chrono::seconds{1}, std::chrono::seconds{86400}));
  }
  if (auto problem = check_output(out)) fail(CallError::Kind::InvalidOutput, *problem);
  return out;
}

template <Op op>
void ConnectorClient::sync_call(const sdk::SyncRequest& request, sdk::RecordSink& sink,
                                std::stop_token stop) {
  GuardedSink guarded(sink);
  call<op>(request, env_->sync_timeout, &guarded, std::move(stop));
  if (auto problem = guarded.first_problem()) {
    fail(CallError::Kind::InvalidOutput, "dropped an invalid record: " + *problem);
  }
}

sdk::Description ConnectorClient::describe() {
  auto d = call<Op::Describe>({}, env_->call_timeout);
  // The id is what the registry files the connector under; it may not change while loaded.
  if (d.id != version_->description().id) fail(CallError::Kind::InvalidOutput, "changed its id");
  return d;
}

sdk::OAuthStart ConnectorClient::start_oauth(const sdk::OAuthStartRequest& request) {
  return call<Op::StartOAuth>(request, env_->call_timeout);
}

sdk::Credentials ConnectorClient::finish_oauth(const sdk::OAuthFinishRequest& request) {
  return call<Op::FinishOAuth>(request, env_->call_timeout);
}

sdk::Credentials ConnectorClient::refresh_credentials(const sdk::Credentials& credentials) {
  return call<Op::RefreshCredentials>(credentials, env_->call_timeout);
}

std::vector<sdk::Account> ConnectorClient::list_accounts(const sdk::Credentials& credentials) {
  return call<Op::ListAccounts>(credentials, env_->call_timeout);
}

void ConnectorClient::check(const sdk::Credentials& credentials) {
  call<Op::Check>(credentials, env_->call_timeout);
}

sdk::Credentials ConnectorClient::connect_form(const sdk::FormConnectRequest& request) {
  return call<Op::ConnectForm>(request, env_->call_timeout);
}

void ConnectorClient::sync(const sdk::SyncRequest& request, sdk::RecordSink& sink,
                           std::stop_token stop) {
  sync_call<Op::Sync>(request, sink, std::move(stop));
}

void ConnectorClient::sync_orders(const sdk::SyncRequest& request, sdk::RecordSink& sink,
                                  std::stop_token stop) {
  sync_call<Op::SyncOrders>(request, sink, std::move(stop));
}

bool ConnectorClient::verify_webhook(const sdk::WebhookRequest& request) {
  return call<Op::VerifyWebhook>(request, env_->call_timeout);
}

std::vector<sdk::WebhookEvent> ConnectorClient::parse_webhook(const sdk::WebhookRequest& request) {
  return call<Op::ParseWebhook>(request, env_->call_timeout);
}

std::optional<std::string> ConnectorClient::webhook_handshake(const sdk::WebhookRequest& request) {
  return call<Op::WebhookHandshake>(request, env_->call_timeout);
}

sdk::CheckoutSession ConnectorClient::create_checkout(const sdk::CheckoutRequest& request) {
  return call<Op::CreateCheckout>(request, env_->call_timeout);
}

void ConnectorClient::cancel_subscription(const std::string& subscription_id) {
  call<Op::CancelSubscription>(subscription_id, env_->call_timeout);
}

sdk::SubscriptionChange ConnectorClient::change_plan(const sdk::PlanChangeRequest& request) {
  return call<Op::ChangePlan>(request, env_->call_timeout);
}

}  // namespace roi::plugins

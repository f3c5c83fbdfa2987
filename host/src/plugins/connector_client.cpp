#include "plugins/connector_client.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>

#include "plugins/call_runner.hpp"
#include "plugins/guarded_sink.hpp"
#include "plugins/output_checks.hpp"
#include "text/utf8.hpp"

namespace roi::plugins {
namespace {

using Api = sdk::abi::ConnectorApi;
struct Nothing {};

CallError::Kind kind_of(sdk::ErrorKind kind) {
  switch (kind) {
    case sdk::ErrorKind::NeedsReauth: return CallError::Kind::NeedsReauth;
    case sdk::ErrorKind::RateLimited: return CallError::Kind::RateLimited;
    case sdk::ErrorKind::Transient: return CallError::Kind::Transient;
    case sdk::ErrorKind::Permanent: return CallError::Kind::Permanent;
    case sdk::ErrorKind::Unsupported: return CallError::Kind::Unsupported;
    case sdk::ErrorKind::None:
    case sdk::ErrorKind::Fault: return CallError::Kind::Fault;
  }
  return CallError::Kind::InvalidOutput;  // an error kind this host does not know
}

Problem no_problem(const Nothing&) { return std::nullopt; }
Problem no_problem(bool) { return std::nullopt; }

}  // namespace

ConnectorClient::ConnectorClient(std::shared_ptr<LoadedConnector> version,
                                 std::shared_ptr<const CallEnvironment> env)
    : version_(std::move(version)), env_(std::move(env)) {}

void ConnectorClient::fail(CallError::Kind kind, const std::string& detail,
                           std::chrono::seconds retry_after) const {
  if (auto* counter = env_->failures[static_cast<std::size_t>(kind)]) counter->inc();
  throw CallError(kind, version_->description().id, detail, retry_after);
}

// The state a call's thread owns: the version (so the library stays mapped), the services it
// was lent, its output and status. The caller reads them only if the call finished in time.
template <typename Out, typename Invoke>
Out ConnectorClient::call(std::chrono::milliseconds timeout, Invoke invoke, std::stop_token stop) {
  struct State {
    State(std::shared_ptr<LoadedConnector> v, std::shared_ptr<const CallEnvironment> env,
          std::chrono::steady_clock::time_point deadline, std::stop_token stop)
        : version(std::move(v)),
          services(std::move(env), version->description().id, deadline, std::move(stop)) {}
    std::shared_ptr<LoadedConnector> version;
    CallServices services;
    Out out{};
    sdk::Status status;
    std::mutex mutex;
    bool done = false;
    bool abandoned = false;
  };
  if (version_->stuck_calls() >= env_->max_stuck_calls) {
    fail(CallError::Kind::Overloaded,
         std::to_string(version_->stuck_calls().load()) + " calls are stuck in this version");
  }
  auto state = std::make_shared<State>(version_, env_, std::chrono::steady_clock::now() + timeout,
                                       std::move(stop));
  const bool finished = run_with_deadline(
      [state, invoke] {
        invoke(state->version->api(), state->version->instance(), state->services, state->out,
               state->status);
        std::lock_guard lock(state->mutex);
        state->done = true;
        if (state->abandoned) --state->version->stuck_calls();
      },
      timeout);
  {
    std::lock_guard lock(state->mutex);
    if (!finished && !state->done) {
      state->abandoned = true;
      ++version_->stuck_calls();
      state->services.cancel();
      fail(CallError::Kind::Timeout, "no answer within " + std::to_string(timeout.count()) + " ms");
    }
  }
  if (!state->status.ok()) {
    fail(kind_of(state->status.kind),
         text::sanitize_for_echo(std::string_view(state->status.message).substr(0, 500)),
         // A plugin's wait is advice from outside: never zero or negative (a retry storm), never
         // past a day (a job parked forever).
         std::clamp(state->status.retry_after, std::chrono::seconds{1}, std::chrono::seconds{86400}));
  }
  Problem problem;
  if constexpr (std::is_same_v<Out, Nothing> || std::is_same_v<Out, bool>) {
    problem = no_problem(state->out);
  } else {
    problem = plugins::check(state->out);
  }
  if (problem) fail(CallError::Kind::InvalidOutput, *problem);
  return std::move(state->out);
}

template <typename Invoke>
void ConnectorClient::sync_call(sdk::RecordSink& sink, std::stop_token stop, Invoke invoke) {
  auto guarded = std::make_shared<GuardedSink>(sink);
  try {
    call<Nothing>(
        env_->sync_timeout,
        [guarded, invoke](const Api& api, void* c, CallServices& h, Nothing&, sdk::Status& s) {
          invoke(api, c, h, *guarded, s);
        },
        std::move(stop));
  } catch (...) {
    guarded->detach();
    throw;
  }
  guarded->detach();
  if (auto problem = guarded->first_problem()) {
    fail(CallError::Kind::InvalidOutput, "dropped an invalid record: " + *problem);
  }
}

sdk::Description ConnectorClient::describe() {
  auto d = call<sdk::Description>(
      env_->call_timeout, [](const Api& api, void* c, CallServices&, sdk::Description& out,
                             sdk::Status& s) { api.describe(c, out, s); });
  // The id is what the registry files the connector under; it may not change while loaded.
  if (d.id != version_->description().id) fail(CallError::Kind::InvalidOutput, "changed its id");
  return d;
}

sdk::OAuthStart ConnectorClient::start_oauth(const sdk::OAuthStartRequest& request) {
  return call<sdk::OAuthStart>(
      env_->call_timeout, [request](const Api& api, void* c, CallServices& h, sdk::OAuthStart& out,
                                    sdk::Status& s) { api.start_oauth(c, h, request, out, s); });
}

sdk::Credentials ConnectorClient::finish_oauth(const sdk::OAuthFinishRequest& request) {
  return call<sdk::Credentials>(
      env_->call_timeout, [request](const Api& api, void* c, CallServices& h,
                                    sdk::Credentials& out, sdk::Status& s) {
        api.finish_oauth(c, h, request, out, s);
      });
}

sdk::Credentials ConnectorClient::refresh_credentials(const sdk::Credentials& credentials) {
  return call<sdk::Credentials>(
      env_->call_timeout, [credentials](const Api& api, void* c, CallServices& h,
                                        sdk::Credentials& out, sdk::Status& s) {
        api.refresh_credentials(c, h, credentials, out, s);
      });
}

std::vector<sdk::Account> ConnectorClient::list_accounts(const sdk::Credentials& credentials) {
  return call<std::vector<sdk::Account>>(
      env_->call_timeout, [credentials](const Api& api, void* c, CallServices& h,
                                        std::vector<sdk::Account>& out, sdk::Status& s) {
        api.list_accounts(c, h, credentials, out, s);
      });
}

void ConnectorClient::check(const sdk::Credentials& credentials) {
  call<Nothing>(env_->call_timeout,
                [credentials](const Api& api, void* c, CallServices& h, Nothing&, sdk::Status& s) {
                  api.check(c, h, credentials, s);
                });
}

sdk::Credentials ConnectorClient::connect_form(const sdk::FormConnectRequest& request) {
  return call<sdk::Credentials>(
      env_->call_timeout, [request](const Api& api, void* c, CallServices& h, sdk::Credentials& out,
                                    sdk::Status& s) { api.connect_form(c, h, request, out, s); });
}

void ConnectorClient::sync(const sdk::SyncRequest& request, sdk::RecordSink& sink,
                           std::stop_token stop) {
  sync_call(sink, std::move(stop),
            [request](const Api& api, void* c, CallServices& h, sdk::RecordSink& to,
                      sdk::Status& s) { api.sync(c, h, request, to, s); });
}

void ConnectorClient::sync_orders(const sdk::SyncRequest& request, sdk::RecordSink& sink,
                                  std::stop_token stop) {
  sync_call(sink, std::move(stop),
            [request](const Api& api, void* c, CallServices& h, sdk::RecordSink& to,
                      sdk::Status& s) { api.sync_orders(c, h, request, to, s); });
}

bool ConnectorClient::verify_webhook(const sdk::WebhookRequest& request) {
  return call<bool>(env_->call_timeout, [request](const Api& api, void* c, CallServices& h,
                                                  bool& out, sdk::Status& s) {
    api.verify_webhook(c, h, request, out, s);
  });
}

std::vector<sdk::WebhookEvent> ConnectorClient::parse_webhook(const sdk::WebhookRequest& request) {
  return call<std::vector<sdk::WebhookEvent>>(
      env_->call_timeout, [request](const Api& api, void* c, CallServices& h,
                                    std::vector<sdk::WebhookEvent>& out, sdk::Status& s) {
        api.parse_webhook(c, h, request, out, s);
      });
}

std::optional<std::string> ConnectorClient::webhook_handshake(const sdk::WebhookRequest& request) {
  return call<std::optional<std::string>>(
      env_->call_timeout,
      [request](const Api& api, void* c, CallServices& h, std::optional<std::string>& out,
                sdk::Status& s) { api.webhook_handshake(c, h, request, out, s); });
}

sdk::CheckoutSession ConnectorClient::create_checkout(const sdk::CheckoutRequest& request) {
  return call<sdk::CheckoutSession>(
      env_->call_timeout, [request](const Api& api, void* c, CallServices& h,
                                    sdk::CheckoutSession& out, sdk::Status& s) {
        api.create_checkout(c, h, request, out, s);
      });
}

void ConnectorClient::cancel_subscription(const std::string& subscription_id) {
  call<Nothing>(env_->call_timeout, [subscription_id](const Api& api, void* c, CallServices& h,
                                                      Nothing&, sdk::Status& s) {
    api.cancel_subscription(c, h, subscription_id, s);
  });
}

}  // namespace roi::plugins

#include "session.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <roi/wire/frame.hpp>
#include <string>

namespace roi::worker {
namespace {

using sdk::abi::ConnectorApi;
using wire::Op;

// The table entry serving each op that has an input and an output of its own.
template <Op op>
constexpr auto kEntry = nullptr;
template <>
constexpr auto kEntry<Op::StartOAuth> = &ConnectorApi::start_oauth;
template <>
constexpr auto kEntry<Op::FinishOAuth> = &ConnectorApi::finish_oauth;
template <>
constexpr auto kEntry<Op::RefreshCredentials> = &ConnectorApi::refresh_credentials;
template <>
constexpr auto kEntry<Op::ListAccounts> = &ConnectorApi::list_accounts;
template <>
constexpr auto kEntry<Op::VerifyWebhook> = &ConnectorApi::verify_webhook;
template <>
constexpr auto kEntry<Op::ParseWebhook> = &ConnectorApi::parse_webhook;
template <>
constexpr auto kEntry<Op::CreateCheckout> = &ConnectorApi::create_checkout;
template <>
constexpr auto kEntry<Op::ConnectForm> = &ConnectorApi::connect_form;
template <>
constexpr auto kEntry<Op::WebhookHandshake> = &ConnectorApi::webhook_handshake;
template <>
constexpr auto kEntry<Op::ChangePlan> = &ConnectorApi::change_plan;

}  // namespace

void Session::refuse(wire::RefusalCode code, const std::string& message) {
  wire::Writer w = wire::begin_frame(wire::Message::Refused);
  wire::encode(w, code);
  w.bytes(message.substr(0, 2000));
  link_.send(wire::finish_frame(w));
}

bool Session::load(int library_fd) {
  const std::string path = "/proc/self/fd/" + std::to_string(library_fd);
  // RTLD_NOW: a library with unresolved symbols is refused here, not at its first call.
  void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ::close(library_fd);  // the mapping keeps the content
  if (!library) {
    const char* why = ::dlerror();
    refuse(wire::RefusalCode::LoadFailed,
           std::string("not a loadable library: ") + (why ? why : "unknown error"));
    return false;
  }
  // The version is read first; nothing else in a library built for another ABI is touched.
  auto* abi =
      reinterpret_cast<sdk::abi::AbiVersionFn*>(::dlsym(library, sdk::abi::kAbiVersionSymbol));
  if (!abi) {
    refuse(wire::RefusalCode::LoadFailed,
           std::string("not a connector: it exports no ") + sdk::abi::kAbiVersionSymbol);
    return false;
  }
  if (const std::uint32_t version = abi(); version != sdk::kAbiVersion) {
    refuse(wire::RefusalCode::WrongAbi, "built for SDK ABI " + std::to_string(version) +
                                            ", this host speaks ABI " +
                                            std::to_string(sdk::kAbiVersion));
    return false;
  }
  auto* table =
      reinterpret_cast<sdk::abi::ConnectorApiFn*>(::dlsym(library, sdk::abi::kConnectorApiSymbol));
  if (!table) {
    refuse(wire::RefusalCode::LoadFailed, "not a connector: it exports no connector table");
    return false;
  }
  api_ = table();
  if (!api_ || !api_->create || !api_->destroy || !api_->describe) {
    refuse(wire::RefusalCode::CheckFailed, "the connector table is incomplete");
    return false;
  }
  sdk::Status status;
  instance_ = api_->create(status);
  sdk::Description description;
  if (status.ok() && instance_) api_->describe(instance_, description, status);
  if (!status.ok()) {
    refuse(wire::RefusalCode::CheckFailed,
           "the connector failed its self-description: " + status.message);
    return false;
  }
  if (!instance_) {
    refuse(wire::RefusalCode::CheckFailed, "the connector created no instance");
    return false;
  }
  link_.send(wire::make_frame(wire::Message::Ready, description));
  return true;
}

template <Op op>
void Session::run(wire::Reader& input) {
  using Types = wire::OpTypes<op>;
  typename Types::In in{};
  typename Types::Out out{};
  try {
    wire::decode(input, in);
    input.expect_end();
  } catch (const wire::Malformed&) {
    ::_exit(3);
  }
  sdk::Status status;
  if constexpr (op == Op::Describe) {
    api_->describe(instance_, out, status);
  } else if constexpr (op == Op::Sync) {
    api_->sync(instance_, services_, in, sink_, status);
  } else if constexpr (op == Op::SyncOrders) {
    api_->sync_orders(instance_, services_, in, sink_, status);
  } else if constexpr (op == Op::CancelSubscription) {
    api_->cancel_subscription(instance_, services_, in, status);
  } else if constexpr (op == Op::Check) {
    api_->check(instance_, services_, in, status);
  } else {
    (api_->*kEntry<op>)(instance_, services_, in, out, status);
  }
  auto lock = sink_.lock();
  sink_.flush();
  wire::Writer w = wire::begin_frame(wire::Message::Result);
  wire::encode(w, status);
  if (status.ok()) wire::encode(w, out);
  link_.send(wire::finish_frame(w));
}

void Session::call(const wire::Frame& frame) {
  if (frame.type != wire::Message::Call) ::_exit(3);
  wire::Reader input(frame.payload);
  Op op;
  try {
    link_.begin_call(input.u32());
    wire::decode(input, op);
    services_.begin_call(std::chrono::steady_clock::now() + std::chrono::milliseconds(input.i64()));
  } catch (const wire::Malformed&) {
    ::_exit(3);
  }
  switch (op) {
    case Op::Describe:
      return run<Op::Describe>(input);
    case Op::StartOAuth:
      return run<Op::StartOAuth>(input);
    case Op::FinishOAuth:
      return run<Op::FinishOAuth>(input);
    case Op::RefreshCredentials:
      return run<Op::RefreshCredentials>(input);
    case Op::ListAccounts:
      return run<Op::ListAccounts>(input);
    case Op::Sync:
      return run<Op::Sync>(input);
    case Op::VerifyWebhook:
      return run<Op::VerifyWebhook>(input);
    case Op::ParseWebhook:
      return run<Op::ParseWebhook>(input);
    case Op::SyncOrders:
      return run<Op::SyncOrders>(input);
    case Op::CreateCheckout:
      return run<Op::CreateCheckout>(input);
    case Op::CancelSubscription:
      return run<Op::CancelSubscription>(input);
    case Op::Check:
      return run<Op::Check>(input);
    case Op::ConnectForm:
      return run<Op::ConnectForm>(input);
    case Op::WebhookHandshake:
      return run<Op::WebhookHandshake>(input);
    case Op::ChangePlan:
      return run<Op::ChangePlan>(input);
  }
}

void Session::serve() {
  for (;;) call(link_.receive());
}

}  // namespace roi::worker

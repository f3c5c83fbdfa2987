// What roi-host and roi-connector-worker say to each other: message types, the operations of
// the plugin ABI table with their input and output types, and the descriptors a worker starts on.
#pragma once

#include <cstdint>
#include <roi/sdk/connector.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "roi/wire/codec.hpp"

namespace roi::wire {

// The worker finds its socket and the library to load at these descriptors.
inline constexpr int kSocketFd = 3;
inline constexpr int kLibraryFd = 4;

enum class Message : std::uint8_t {
  // host → worker
  Call = 1,      // call id, Op, milliseconds left, the op's input
  HttpReply,     // sdk::HttpResponse
  SettingReply,  // optional<string>
  Cancel,        // call id: the host gave up on that call (its stop token)
  // worker → host
  Ready,           // sdk::Description: loaded, created and described; takes calls now
  Refused,         // RefusalCode, message: the library is not taken into service
  Records,         // (RecordKind, record)* streamed by a sync, in order
  Log,             // sdk::LogLevel, message
  HttpRequest,     // sdk::HttpRequest: answered by HttpReply
  SettingRequest,  // the setting's name: answered by SettingReply
  Result,          // sdk::Status, then the op's output when the status is ok
};
template <>
inline constexpr auto kLast<Message> = Message::Result;

enum class RefusalCode : std::uint8_t { LoadFailed, WrongAbi, CheckFailed };
template <>
inline constexpr auto kLast<RefusalCode> = RefusalCode::CheckFailed;

enum class RecordKind : std::uint8_t { Campaign, DailyMetric, Order, Checkpoint, Progress };
template <>
inline constexpr auto kLast<RecordKind> = RecordKind::Progress;

// One per function of sdk::abi::ConnectorApi that serves a call.
enum class Op : std::uint8_t {
  Describe,
  StartOAuth,
  FinishOAuth,
  RefreshCredentials,
  ListAccounts,
  Sync,
  VerifyWebhook,
  ParseWebhook,
  SyncOrders,
  CreateCheckout,
  CancelSubscription,
  Check,
  ConnectForm,
  WebhookHandshake,
  ChangePlan,
};
template <>
inline constexpr auto kLast<Op> = Op::ChangePlan;

// An input or output that carries nothing.
struct Nothing {};
template <Is<Nothing> T>
std::tuple<> fields(T&) {
  return {};
}

template <Op>
struct OpTypes;
template <>
struct OpTypes<Op::Describe> {
  using In = Nothing;
  using Out = sdk::Description;
};
template <>
struct OpTypes<Op::StartOAuth> {
  using In = sdk::OAuthStartRequest;
  using Out = sdk::OAuthStart;
};
template <>
struct OpTypes<Op::FinishOAuth> {
  using In = sdk::OAuthFinishRequest;
  using Out = sdk::Credentials;
};
template <>
struct OpTypes<Op::RefreshCredentials> {
  using In = sdk::Credentials;
  using Out = sdk::Credentials;
};
template <>
struct OpTypes<Op::ListAccounts> {
  using In = sdk::Credentials;
  using Out = std::vector<sdk::Account>;
};
template <>
struct OpTypes<Op::Sync> {
  using In = sdk::SyncRequest;
  using Out = Nothing;
};
template <>
struct OpTypes<Op::VerifyWebhook> {
  using In = sdk::WebhookRequest;
  using Out = bool;
};
template <>
struct OpTypes<Op::ParseWebhook> {
  using In = sdk::WebhookRequest;
  using Out = std::vector<sdk::WebhookEvent>;
};
template <>
struct OpTypes<Op::SyncOrders> {
  using In = sdk::SyncRequest;
  using Out = Nothing;
};
template <>
struct OpTypes<Op::CreateCheckout> {
  using In = sdk::CheckoutRequest;
  using Out = sdk::CheckoutSession;
};
template <>
struct OpTypes<Op::CancelSubscription> {
  using In = std::string;
  using Out = Nothing;
};
template <>
struct OpTypes<Op::Check> {
  using In = sdk::Credentials;
  using Out = Nothing;
};
template <>
struct OpTypes<Op::ConnectForm> {
  using In = sdk::FormConnectRequest;
  using Out = sdk::Credentials;
};
template <>
struct OpTypes<Op::WebhookHandshake> {
  using In = sdk::WebhookRequest;
  using Out = std::optional<std::string>;
};
template <>
struct OpTypes<Op::ChangePlan> {
  using In = sdk::PlanChangeRequest;
  using Out = sdk::SubscriptionChange;
};

}  // namespace roi::wire

// The binary boundary between the host and a connector library: two C-linkage symbols and a
// table of noexcept functions that report errors as Status values into host-owned outputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "roi/sdk/abi.hpp"
#include "roi/sdk/connector.hpp"
#include "roi/sdk/errors.hpp"

namespace roi::sdk::abi {

// `std::uint32_t roi_sdk_abi_version()`: read first; nothing else is touched when it differs.
inline constexpr char kAbiVersionSymbol[] = "roi_sdk_abi_version";
// `const ConnectorApi* roi_sdk_connector_api()`: the table, valid while the library is loaded.
inline constexpr char kConnectorApiSymbol[] = "roi_sdk_connector_api";

using AbiVersionFn = std::uint32_t();

// Every output is allocated by the host and filled by the plugin; `status` says whether it was.
// The instance pointer is opaque to the host and only ever handed back to `destroy`.
struct ConnectorApi {
  void* (*create)(Status& status) noexcept;
  void (*destroy)(void* connector) noexcept;
  void (*describe)(void* connector, Description& out, Status& status) noexcept;
  void (*start_oauth)(void* connector, HostServices& host, const OAuthStartRequest& request,
                      OAuthStart& out, Status& status) noexcept;
  void (*finish_oauth)(void* connector, HostServices& host, const OAuthFinishRequest& request,
                       Credentials& out, Status& status) noexcept;
  void (*refresh_credentials)(void* connector, HostServices& host, const Credentials& credentials,
                              Credentials& out, Status& status) noexcept;
  void (*list_accounts)(void* connector, HostServices& host, const Credentials& credentials,
                        std::vector<Account>& out, Status& status) noexcept;
  void (*sync)(void* connector, HostServices& host, const SyncRequest& request, RecordSink& sink,
               Status& status) noexcept;
  void (*verify_webhook)(void* connector, HostServices& host, const WebhookRequest& request,
                         bool& out, Status& status) noexcept;
  void (*parse_webhook)(void* connector, HostServices& host, const WebhookRequest& request,
                        std::vector<WebhookEvent>& out, Status& status) noexcept;
  void (*sync_orders)(void* connector, HostServices& host, const SyncRequest& request,
                      RecordSink& sink, Status& status) noexcept;
  void (*create_checkout)(void* connector, HostServices& host, const CheckoutRequest& request,
                          CheckoutSession& out, Status& status) noexcept;
  void (*cancel_subscription)(void* connector, HostServices& host,
                              const std::string& subscription_id, Status& status) noexcept;
  void (*check)(void* connector, HostServices& host, const Credentials& credentials,
                Status& status) noexcept;
  void (*connect_form)(void* connector, HostServices& host, const FormConnectRequest& request,
                       Credentials& out, Status& status) noexcept;
  void (*webhook_handshake)(void* connector, HostServices& host, const WebhookRequest& request,
                            std::optional<std::string>& out, Status& status) noexcept;
  void (*change_plan)(void* connector, HostServices& host, const PlanChangeRequest& request,
                      SubscriptionChange& out, Status& status) noexcept;
};

using ConnectorApiFn = const ConnectorApi*();

}  // namespace roi::sdk::abi

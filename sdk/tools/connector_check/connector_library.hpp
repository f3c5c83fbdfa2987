// A connector library opened the way ROI Host opens one (dlopen now and local, the ABI number read
// before anything else), and typed calls through its table that return the plugin's Status.
#pragma once

#include <cstdint>
#include <memory>
#include <roi/sdk/plugin_api.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace roi::connector_check {

// Why a library cannot be used at all: not loadable, another ABI, or no usable table.
class LoadFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename T>
struct Outcome {
  sdk::Status status;
  T value{};
};

class ConnectorLibrary {
 public:
  // Opens `path` and reads its ABI number; throws LoadFailure when it is no connector library.
  static std::unique_ptr<ConnectorLibrary> open(const std::string& path);
  explicit ConnectorLibrary(void* handle) : handle_(handle) {}  // adopts a dlopen handle
  ~ConnectorLibrary();
  ConnectorLibrary(const ConnectorLibrary&) = delete;
  ConnectorLibrary& operator=(const ConnectorLibrary&) = delete;

  std::uint32_t abi_version() const { return abi_; }
  // The table; throws LoadFailure when the ABI differs from this SDK's or the table is incomplete.
  void bind();
  // Creates the instance every later call goes to; the Status of create, then of describe.
  sdk::Status create();
  Outcome<sdk::Description> describe();

  Outcome<sdk::OAuthStart> start_oauth(sdk::HostServices& host, const sdk::OAuthStartRequest& r);
  Outcome<sdk::Credentials> finish_oauth(sdk::HostServices& host, const sdk::OAuthFinishRequest& r);
  Outcome<sdk::Credentials> connect_form(sdk::HostServices& host, const sdk::FormConnectRequest& r);
  sdk::Status check(sdk::HostServices& host, const sdk::Credentials& credentials);
  Outcome<std::vector<sdk::Account>> list_accounts(sdk::HostServices& host,
                                                   const sdk::Credentials& credentials);
  sdk::Status sync(sdk::HostServices& host, const sdk::SyncRequest& r, sdk::RecordSink& sink);
  sdk::Status sync_orders(sdk::HostServices& host, const sdk::SyncRequest& r,
                          sdk::RecordSink& sink);

 private:
  // One call through the table that fills a value: the connector's Status and that value.
  template <typename T, typename Fn, typename... Args>
  Outcome<T> fill(Fn sdk::abi::ConnectorApi::*fn, Args&... args);

  void* handle_;
  std::uint32_t abi_ = 0;
  const sdk::abi::ConnectorApi* api_ = nullptr;
  void* instance_ = nullptr;
};

}  // namespace roi::connector_check

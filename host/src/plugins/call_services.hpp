// How the host answers a connector call's HostServices requests, which its worker forwards: HTTP
// bounded by the call's deadline, log lines tagged with the connector, the operator settings of
// the version called, cancellation.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <roi/sdk/host_services.hpp>
#include <stop_token>
#include <string>

#include "net/curl_client.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "plugins/call_error.hpp"
#include "plugins/connector_settings.hpp"

namespace roi::plugins {

// What every call shares.
struct CallEnvironment {
  observability::Logger& log;
  std::shared_ptr<net::CurlClient> http;
  std::chrono::milliseconds call_timeout;
  std::chrono::milliseconds sync_timeout;
  std::array<observability::Counter*, CallError::kKindCount> failures{};  // by kind, may be null
  // Time connectors spent waiting on their platforms' HTTP answers; may be null.
  observability::Histogram* platform_http = nullptr;
};

class CallServices final : public sdk::HostServices {
 public:
  // `stop` cancels the call too: the host is shutting down and wants its thread back.
  // `settings` are the called version's and must outlive this.
  CallServices(std::shared_ptr<const CallEnvironment> env, std::string connector,
               const SettingValues& settings, std::chrono::steady_clock::time_point deadline,
               std::stop_token stop = {});

  sdk::HttpResponse http(const sdk::HttpRequest& request) noexcept override;
  void log(sdk::LogLevel level, std::string_view message) noexcept override;
  std::chrono::system_clock::time_point now() const noexcept override;
  std::optional<std::string> setting(std::string_view name) const noexcept override;
  bool cancelled() const noexcept override;

 private:
  std::shared_ptr<const CallEnvironment> env_;
  std::string connector_;
  const SettingValues& settings_;
  std::chrono::steady_clock::time_point deadline_;
  std::stop_token stop_;
};

}  // namespace roi::plugins

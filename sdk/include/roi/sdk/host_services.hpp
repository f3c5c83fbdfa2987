// What the host lends a connector for the length of one call: HTTP (the host applies timeouts,
// size limits and records traffic), logging, the clock, the connector's settings, cancellation.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roi::sdk {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // http:// or https:// only
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};  // the host may shorten it to the call's deadline
};

struct HttpResponse {
  int status = 0;   // 0: no HTTP answer at all; `error` says why
  Headers headers;  // names in lower case
  std::string body;
  std::string error;

  // The first header with this lower-case name.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
};

enum class LogLevel { Debug, Info, Warn, Error };

// Implemented by the host. Every function is noexcept: failures come back as values (an
// HttpResponse with status 0), so no host exception ever unwinds through plugin frames.
class HostServices {
 public:
  virtual HttpResponse http(const HttpRequest& request) noexcept = 0;
  // Never pass tokens or secrets: log lines are kept.
  virtual void log(LogLevel level, std::string_view message) noexcept = 0;
  virtual std::chrono::system_clock::time_point now() const noexcept = 0;
  // The setting `name` this connector declared (Description::settings), as the host resolved it
  // when this version was loaded (see SettingSpec); its default when the operator set none.
  // Unset, and never declared: nullopt.
  virtual std::optional<std::string> setting(std::string_view name) const noexcept = 0;
  // True once the host gave up on this call (its deadline passed or the host is stopping).
  virtual bool cancelled() const noexcept = 0;

 protected:
  ~HostServices() = default;
};

}  // namespace roi::sdk

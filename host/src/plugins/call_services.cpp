#include "plugins/call_services.hpp"

#include "text/utf8.hpp"

namespace roi::plugins {

CallServices::CallServices(std::shared_ptr<const CallEnvironment> env, std::string connector,
                           const SettingValues& settings,
                           std::chrono::steady_clock::time_point deadline, std::stop_token stop)
    : env_(std::move(env)),
      connector_(std::move(connector)),
      settings_(settings),
      deadline_(deadline),
      stop_(std::move(stop)) {}

sdk::HttpResponse CallServices::http(const sdk::HttpRequest& request) noexcept {
  try {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline_ - std::chrono::steady_clock::now());
    if (cancelled() || left.count() <= 0) {
      sdk::HttpResponse out;
      out.error = "the call was cancelled";
      return out;
    }
    const auto started = std::chrono::steady_clock::now();
    sdk::HttpResponse response = env_->http->send(request, left);
    if (env_->platform_http) {
      env_->platform_http->observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    return response;
  } catch (const std::exception& e) {
    sdk::HttpResponse out;
    out.error = e.what();
    return out;
  }
}

void CallServices::log(sdk::LogLevel level, std::string_view message) noexcept {
  try {
    const std::string safe = text::sanitize_for_echo(message, 2000);
    auto& log = env_->log;
    switch (level) {
      case sdk::LogLevel::Debug:
        log.debug("connector_log").str("connector", connector_).str("message", safe);
        break;
      case sdk::LogLevel::Info:
        log.info("connector_log").str("connector", connector_).str("message", safe);
        break;
      case sdk::LogLevel::Warn:
        log.warn("connector_log").str("connector", connector_).str("message", safe);
        break;
      case sdk::LogLevel::Error:
        log.error("connector_log").str("connector", connector_).str("message", safe);
        break;
    }
  } catch (const std::exception&) {
    // A log line that cannot be written is dropped; the call goes on.
  }
}

std::chrono::system_clock::time_point CallServices::now() const noexcept {
  return std::chrono::system_clock::now();
}

std::optional<std::string> CallServices::setting(std::string_view name) const noexcept {
  try {
    auto it = settings_.find(name);
    if (it == settings_.end()) return std::nullopt;
    return it->second;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool CallServices::cancelled() const noexcept {
  return stop_.stop_requested() || std::chrono::steady_clock::now() >= deadline_;
}

}  // namespace roi::plugins

// What roi-connector-check lends the connector in place of the host: HTTP through libcurl (no
// redirects, the request's timeout, a size limit), log lines on stderr, the clock, and the
// connector's settings resolved the way the host resolves them.
#pragma once

#include <map>
#include <optional>
#include <roi/sdk/connector.hpp>
#include <string>
#include <vector>

#include "connector/setting_resolution.hpp"

namespace roi::connector_check {

// Where each setting came from, for the report; secrets never appear in it.
struct ResolvedSetting {
  std::string key;
  std::string source;  // "environment ROI_CONNECTOR_…", "settings file", "default", "unset"
  bool set = false;
};

// The host's order for each declared setting: ROI_CONNECTOR_<ID>_<KEY>, then the declared
// aliases, then the settings file (the host's `connectors.<id>.<key>`), then the declared default
// (also for an empty value). A key the connector did not declare reads as unset; one in the
// settings file is reported, since the host refuses to load a connector it was set for.
class Settings {
 public:
  Settings(const sdk::Description& description, std::map<std::string, std::string> file);

  std::optional<std::string> value(std::string_view key) const;
  const std::vector<ResolvedSetting>& declared() const { return declared_; }
  const std::vector<std::string>& undeclared() const { return undeclared_; }  // file keys

 private:
  plugins::SettingValues values_;
  std::vector<ResolvedSetting> declared_;
  std::vector<std::string> undeclared_;
};

class KitServices final : public sdk::HostServices {
 public:
  KitServices(const Settings& settings, bool verbose);

  sdk::HttpResponse http(const sdk::HttpRequest& request) noexcept override;
  void log(sdk::LogLevel level, std::string_view message) noexcept override;
  std::chrono::system_clock::time_point now() const noexcept override;
  std::optional<std::string> setting(std::string_view name) const noexcept override;
  bool cancelled() const noexcept override { return false; }

  int requests() const { return requests_; }

 private:
  const Settings& settings_;
  bool verbose_;
  int requests_ = 0;
};

}  // namespace roi::connector_check

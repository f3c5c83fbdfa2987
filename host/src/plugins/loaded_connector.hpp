// One loaded version of a connector library: copied to a private path, dlopened, its ABI
// checked, created and described. The library stays mapped while anything holds this object.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <roi/sdk/plugin_api.hpp>
#include <stdexcept>
#include <string>

#include "plugins/connector_settings.hpp"

namespace roi::plugins {

enum class RefusalReason { LoadFailed, WrongAbi, CheckFailed, SettingsMissing, SettingsInvalid };
// "load_failed", "wrong_abi", "check_failed", "settings_missing", "settings_invalid"
std::string reason_key(RefusalReason reason);

// Why a file was not taken into service; the message is safe to log and show operators.
class Refusal : public std::runtime_error {
 public:
  Refusal(RefusalReason reason, const std::string& message)
      : std::runtime_error(message), reason_(reason) {}
  RefusalReason reason() const { return reason_; }

 private:
  RefusalReason reason_;
};

// A library file's content, read once: what was hashed is exactly what gets copied and loaded.
struct LibraryContent {
  std::string bytes;
  std::string sha256;  // hex
};
// Reads and hashes `source`. Throws Refusal(LoadFailed) when it is unreadable or too large.
LibraryContent read_library(const std::filesystem::path& source);

// A private folder for the copies that get loaded (the loader reuses an object already loaded
// from the same path, and a file being replaced must never be the one mapped). Made under
// TMPDIR, removed on exit.
class PrivateDir {
 public:
  PrivateDir();
  ~PrivateDir();
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;

  struct Copy {
    std::filesystem::path path;
    std::string sha256;  // of the content copied, hex
  };
  // Writes `content` to a path never used before, named after `file`. Throws
  // Refusal(LoadFailed) when it cannot.
  Copy write(const LibraryContent& content, const std::string& file);

 private:
  std::filesystem::path path_;
  std::atomic<unsigned long> next_{0};
};

class LoadedConnector {
  struct Passkey {};

 public:
  struct Library;

  // The settings of a version, from its description; throws Refusal when they do not do.
  using SettingsFor = std::function<SettingValues(const sdk::Description&)>;

  // Loads the copy (and deletes it: the mapping keeps the content). Throws Refusal.
  static std::shared_ptr<LoadedConnector> load(const PrivateDir::Copy& copy, std::string file,
                                               std::chrono::milliseconds timeout,
                                               const SettingsFor& settings_for);

  LoadedConnector(Passkey, std::shared_ptr<Library> library, const sdk::abi::ConnectorApi* api,
                  void* instance, sdk::Description description, SettingValues settings,
                  std::string file, std::string sha256);
  ~LoadedConnector();
  LoadedConnector(const LoadedConnector&) = delete;
  LoadedConnector& operator=(const LoadedConnector&) = delete;

  const sdk::Description& description() const { return description_; }
  // What HostServices::setting answers this version's calls, fixed when it was loaded.
  const SettingValues& settings() const { return settings_; }
  const std::string& file() const { return file_; }
  const std::string& sha256() const { return sha256_; }
  std::chrono::system_clock::time_point loaded_at() const { return loaded_at_; }
  const sdk::abi::ConnectorApi& api() const { return *api_; }
  void* instance() const { return instance_; }

  // Calls that passed their deadline and are still running in this version.
  std::atomic<int>& stuck_calls() { return stuck_calls_; }
  int stuck_calls_count() const { return stuck_calls_.load(); }

  // Connector libraries mapped right now, old versions still finishing calls included.
  static int libraries_loaded();

 private:
  std::shared_ptr<Library> library_;  // declared first: unloaded after the instance is destroyed
  const sdk::abi::ConnectorApi* api_;
  void* instance_;
  sdk::Description description_;
  SettingValues settings_;
  std::string file_;
  std::string sha256_;
  std::chrono::system_clock::time_point loaded_at_;
  std::atomic<int> stuck_calls_{0};
};

}  // namespace roi::plugins

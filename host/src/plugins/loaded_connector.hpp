// One version of a connector library, served by worker processes: the file's bytes in a sealed
// memfd that every worker of the version maps, the description its first worker gave at load,
// and the pool of its workers. The host never maps the library itself.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <roi/sdk/connector.hpp>
#include <stdexcept>
#include <string>

#include "plugins/connector_settings.hpp"
#include "plugins/worker_pool.hpp"

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

// A library file's content, read once: what was hashed is exactly what workers load.
struct LibraryContent {
  std::string bytes;
  std::string sha256;  // hex
};
// Reads and hashes `source`. Throws Refusal(LoadFailed) when it is unreadable or too large.
LibraryContent read_library(const std::filesystem::path& source);

class LoadedConnector {
  struct Passkey {};

 public:
  // The settings of a version, from its description; throws Refusal when they do not do.
  using SettingsFor = std::function<SettingValues(const sdk::Description&)>;

  // Starts a worker on `content`, which loads it, checks its ABI number, creates and describes
  // it; the description is checked here and its settings resolved. Throws Refusal. That worker
  // then serves calls.
  static std::shared_ptr<LoadedConnector> load(const LibraryContent& content, std::string file,
                                               std::shared_ptr<const WorkerEnvironment> env,
                                               const SettingsFor& settings_for);

  LoadedConnector(Passkey, std::unique_ptr<WorkerPool> workers, sdk::Description description,
                  SettingValues settings, std::string file, std::string sha256);
  ~LoadedConnector();
  LoadedConnector(const LoadedConnector&) = delete;
  LoadedConnector& operator=(const LoadedConnector&) = delete;

  const sdk::Description& description() const { return description_; }
  // What HostServices::setting answers this version's calls, fixed when it was loaded.
  const SettingValues& settings() const { return settings_; }
  const std::string& file() const { return file_; }
  const std::string& sha256() const { return sha256_; }
  std::chrono::system_clock::time_point loaded_at() const { return loaded_at_; }
  WorkerPool& workers() const { return *workers_; }

  // Versions held right now (each with its library's bytes and its workers), old versions
  // still finishing calls included.
  static int libraries_loaded();

 private:
  std::unique_ptr<WorkerPool> workers_;
  sdk::Description description_;
  SettingValues settings_;
  std::string file_;
  std::string sha256_;
  std::chrono::system_clock::time_point loaded_at_;
};

}  // namespace roi::plugins

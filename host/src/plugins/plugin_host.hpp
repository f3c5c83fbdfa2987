// The connector registry: loads every library in the plugins folder at start, swaps in new
// versions as they are dropped in (or on reload), refuses bad ones, retires removed ones.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "plugins/connector_client.hpp"
#include "plugins/connector_settings.hpp"
#include "plugins/directory_watcher.hpp"
#include "plugins/loaded_connector.hpp"
#include "plugins/plugin_settings.hpp"

namespace roi::plugins {

struct RefusalRecord {
  std::chrono::system_clock::time_point at;
  std::string reason;  // reason_key()
  std::string message;
  std::string sha256;  // of the refused content
};

// What an operator sees per file in the plugins folder.
struct FileStatus {
  std::string file;
  std::shared_ptr<const LoadedConnector> serving;  // null when nothing from this file serves
  std::uint64_t swaps = 0;
  std::optional<RefusalRecord> last_refusal;
};

struct ReloadSummary {
  int loaded = 0, swapped = 0, unchanged = 0, refused = 0, retired = 0;
};

class PluginHost {
 public:
  // Creates the folder when missing. Nothing is loaded until start(). `sources` is asked at
  // every load for the connectors' settings; without it they come from the environment only.
  PluginHost(const PluginSettings& settings, observability::Logger& log,
             observability::Registry& metrics, SettingSourcesReader sources = {});
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Watches the folder (when configured) and loads every library in it.
  void start();
  // Stops watching; loaded connectors keep serving until the host goes.
  void stop();
  // Looks at every file again: loads new and changed ones, retires removed ones.
  ReloadSummary reload();
  // reload() asked for by an operator (`by`: "admin", "SIGHUP"), logged as plugins_reloaded.
  ReloadSummary reload_for(std::string_view by);

  // The descriptions of the connectors serving now, by id.
  std::vector<sdk::Description> connectors() const;
  // A client pinned to the version serving now. Throws CallError(Unavailable).
  ConnectorClient client(std::string_view id) const;
  std::vector<FileStatus> files() const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  enum class Outcome { Loaded, Swapped, Unchanged, Refused, Retired };
  struct FileEntry {
    std::shared_ptr<LoadedConnector> serving;
    std::uint64_t swaps = 0;
    std::optional<RefusalRecord> last_refusal;
  };

  void on_change(DirectoryWatcher::Change change, const std::string& file);
  Outcome apply_file(const std::string& file);  // callers hold load_mutex_
  Outcome retire(const std::string& file);      // callers hold load_mutex_
  Outcome refuse(const std::string& file, const Refusal& refusal, const std::string& sha256);
  // The version's settings from `sources`; throws Refusal naming what is missing or unknown.
  static SettingValues settings_for(const sdk::Description& d, const SettingSources& sources);
  void register_metrics();
  static void count(ReloadSummary& summary, Outcome outcome);

  std::filesystem::path dir_;
  bool watch_;
  observability::Logger& log_;
  observability::Registry& metrics_;
  std::shared_ptr<CallEnvironment> env_;
  std::shared_ptr<WorkerEnvironment> workers_;
  SettingSourcesReader sources_;

  std::mutex load_mutex_;           // one load, swap or retirement at a time
  mutable std::mutex state_mutex_;  // guards the maps; held only to read or replace pointers
  std::map<std::string, FileEntry> files_;
  std::map<std::string, std::shared_ptr<LoadedConnector>, std::less<>> by_id_;

  observability::Counter* loads_ = nullptr;
  observability::Counter* swaps_ = nullptr;
  observability::Counter* retirements_ = nullptr;
  std::map<RefusalReason, observability::Counter*> refusals_;
  observability::Histogram* swap_seconds_ = nullptr;

  std::unique_ptr<DirectoryWatcher> watcher_;  // last: stopped first, before the maps go
};

}  // namespace roi::plugins

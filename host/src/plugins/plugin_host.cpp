#include "plugins/plugin_host.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "config/install_dirs.hpp"
#include "config/loader.hpp"

namespace roi::plugins {
namespace {

bool is_settings_refusal(const RefusalRecord& r) {
  return r.reason == reason_key(RefusalReason::SettingsMissing) ||
         r.reason == reason_key(RefusalReason::SettingsInvalid);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The worker executable: the configured path, else roi-connector-worker next to this program (the
// build tree), else the installed one.
std::string worker_path(const PluginSettings& settings) {
  std::filesystem::path path = settings.worker_path;
  if (path.empty()) {
    path = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "roi-connector-worker";
    if (::access(path.c_str(), X_OK) != 0) path = config::installed_worker_path();
  }
  if (::access(path.c_str(), X_OK) != 0) {
    throw std::runtime_error("plugins.worker_path: " + path.string() + " is not an executable");
  }
  return path.string();
}

// Workers of a host running as root run as plugins.worker_user; other hosts' as themselves.
std::optional<std::pair<uid_t, gid_t>> worker_user(const PluginSettings& settings) {
  if (::geteuid() != 0) return std::nullopt;
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (::getpwnam_r(settings.worker_user.c_str(), &entry, buffer.data(), buffer.size(), &found) !=
          0 ||
      !found) {
    throw std::runtime_error("plugins.worker_user: no user '" + settings.worker_user + "'");
  }
  if (found->pw_uid == 0) throw std::runtime_error("plugins.worker_user: must not be root");
  return std::pair{found->pw_uid, found->pw_gid};
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

PluginHost::PluginHost(const PluginSettings& settings, observability::Logger& log,
                       observability::Registry& metrics, SettingSourcesReader sources)
    : dir_(std::filesystem::absolute(settings.dir)),
      watch_(settings.watch),
      log_(log),
      metrics_(metrics),
      sources_(sources ? std::move(sources) : [] {
        return SettingSources{config::process_environment(), {}};
      }) {
  std::filesystem::create_directories(dir_);
  env_ = std::make_shared<CallEnvironment>(
      CallEnvironment{log,
                      std::make_shared<net::CurlClient>(),
                      std::chrono::milliseconds(settings.call_timeout_ms),
                      std::chrono::milliseconds(settings.sync_timeout_ms),
                      {}});
  auto output = std::make_shared<WorkerOutput>(
      log,
      OutputLimits{static_cast<std::size_t>(settings.output_line_bytes),
                   settings.output_lines_per_s, settings.output_burst},
      &metrics_.counter("roi_plugin_worker_output_dropped_lines_total",
                        "Lines connector workers printed beyond plugins.output_* (not logged)"));
  workers_ = std::make_shared<WorkerEnvironment>(WorkerEnvironment{
      std::make_shared<WorkerSpawner>(
          WorkerLaunch{worker_path(settings), settings.worker_memory_mb, worker_user(settings)},
          std::move(output)),
      settings.max_workers, std::chrono::milliseconds(settings.load_timeout_ms)});
  register_metrics();
}

PluginHost::~PluginHost() { stop(); }

void PluginHost::stop() { watcher_.reset(); }

void PluginHost::register_metrics() {
  loads_ = &metrics_.counter("roi_plugin_loads_total", "Connector libraries taken into service");
  swaps_ = &metrics_.counter("roi_plugin_swaps_total", "New connector versions swapped in");
  retirements_ = &metrics_.counter("roi_plugin_retirements_total",
                                   "Connectors retired because their file was removed");
  for (auto reason :
       {RefusalReason::LoadFailed, RefusalReason::WrongAbi, RefusalReason::CheckFailed,
        RefusalReason::SettingsMissing, RefusalReason::SettingsInvalid}) {
    refusals_[reason] =
        &metrics_.counter("roi_plugin_refusals_total", "Connector libraries refused, by reason",
                          {{"reason", reason_key(reason)}});
  }
  swap_seconds_ =
      &metrics_.histogram("roi_plugin_load_duration_seconds",
                          "Read, load in a worker, check and swap of one connector library");
  workers_->starts =
      &metrics_.counter("roi_plugin_worker_starts_total", "Connector worker processes started");
  workers_->deaths =
      &metrics_.counter("roi_plugin_worker_deaths_total",
                        "Connector workers lost to a crash, a deadline or a malformed message");
  env_->platform_http = &metrics_.histogram(
      "roi_connector_http_duration_seconds",
      "Connectors' HTTP requests to their platforms, from send to the whole answer");
  for (std::size_t i = 0; i < CallError::kKindCount; ++i) {
    env_->failures[i] =
        &metrics_.counter("roi_plugin_call_failures_total", "Failed connector calls, by kind",
                          {{"kind", kind_key(static_cast<CallError::Kind>(i))}});
  }
  metrics_.gauge("roi_plugin_connectors_serving", "Connectors serving now", [this] {
    std::lock_guard lock(state_mutex_);
    return static_cast<double>(by_id_.size());
  });
  metrics_.gauge("roi_plugin_libraries_loaded",
                 "Connector versions held, old versions still finishing calls included",
                 [] { return static_cast<double>(LoadedConnector::libraries_loaded()); });
  metrics_.gauge("roi_plugin_workers_running", "Connector worker processes alive",
                 [] { return static_cast<double>(WorkerProcess::running()); });
}

void PluginHost::start() {
  // Watch first, then scan: a file dropped in between is seen by one or the other.
  if (watch_) {
    watcher_ = std::make_unique<DirectoryWatcher>(
        dir_, [this](DirectoryWatcher::Change change, const std::string& file) {
          on_change(change, file);
        });
  }
  const ReloadSummary s = reload();
  log_.info("plugins_started")
      .str("dir", dir_.string())
      .num("loaded", s.loaded)
      .num("refused", s.refused)
      .flag("watching", watch_);
}

void PluginHost::on_change(DirectoryWatcher::Change change, const std::string& file) {
  if (change == DirectoryWatcher::Change::Rescan) {
    reload();
    return;
  }
  std::lock_guard lock(load_mutex_);
  if (change == DirectoryWatcher::Change::Removed) {
    retire(file);
  } else {
    apply_file(file);
  }
}

void PluginHost::count(ReloadSummary& s, Outcome outcome) {
  switch (outcome) {
    case Outcome::Loaded:
      ++s.loaded;
      break;
    case Outcome::Swapped:
      ++s.swapped;
      break;
    case Outcome::Unchanged:
      ++s.unchanged;
      break;
    case Outcome::Refused:
      ++s.refused;
      break;
    case Outcome::Retired:
      ++s.retired;
      break;
  }
}

ReloadSummary PluginHost::reload() {
  std::lock_guard lock(load_mutex_);
  ReloadSummary summary;
  std::vector<std::string> present;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && DirectoryWatcher::is_library_name(name)) present.push_back(name);
  }
  std::sort(present.begin(), present.end());
  for (const auto& name : present) count(summary, apply_file(name));
  std::vector<std::string> known;
  {
    std::lock_guard state(state_mutex_);
    for (const auto& [name, entry] : files_) known.push_back(name);
  }
  for (const auto& name : known) {
    if (!std::binary_search(present.begin(), present.end(), name)) count(summary, retire(name));
  }
  return summary;
}

ReloadSummary PluginHost::reload_for(std::string_view by) {
  const ReloadSummary s = reload();
  log_.info("plugins_reloaded")
      .str("by", by)
      .num("loaded", s.loaded)
      .num("swapped", s.swapped)
      .num("refused", s.refused)
      .num("retired", s.retired);
  return s;
}

PluginHost::Outcome PluginHost::refuse(const std::string& file, const Refusal& refusal,
                                       const std::string& sha256) {
  {
    std::lock_guard state(state_mutex_);
    files_[file].last_refusal = RefusalRecord{std::chrono::system_clock::now(),
                                              reason_key(refusal.reason()), refusal.what(), sha256};
  }
  refusals_.at(refusal.reason())->inc();
  log_.warn("plugin_refused")
      .str("file", file)
      .str("reason", reason_key(refusal.reason()))
      .str("why", refusal.what())
      .str("sha256", sha256);
  return Outcome::Refused;
}

SettingValues PluginHost::settings_for(const sdk::Description& d, const SettingSources& sources) {
  auto resolved = resolve_settings(d, sources);
  if (!resolved.unknown.empty()) {
    throw Refusal(RefusalReason::SettingsInvalid,
                  "the configuration sets connectors." + d.id +
                      " keys the connector does not declare: " + joined(resolved.unknown));
  }
  if (!resolved.missing.empty()) {
    std::vector<std::string> where;
    for (const auto& key : resolved.missing) {
      where.push_back(key + " (" + setting_variable(d.id, key) + ")");
    }
    throw Refusal(RefusalReason::SettingsMissing,
                  "required settings are not set: " + joined(where));
  }
  return std::move(resolved.values);
}

PluginHost::Outcome PluginHost::apply_file(const std::string& file) {
  const auto started = std::chrono::steady_clock::now();
  const auto path = dir_ / file;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return retire(file);

  LibraryContent content;
  try {
    content = read_library(path);
  } catch (const Refusal& r) {
    return refuse(file, r, "");
  }
  SettingSources sources;
  try {
    sources = sources_();
  } catch (const std::exception& e) {
    return refuse(file, Refusal(RefusalReason::SettingsInvalid, e.what()), "");
  }
  // The same settings a version already has; changed ones make a reload swap the same content.
  auto same_settings = [&sources](const LoadedConnector& version) {
    auto resolved = resolve_settings(version.description(), sources);
    return resolved.missing.empty() && resolved.unknown.empty() &&
           resolved.values == version.settings();
  };
  {
    // The same content again (a touch, a repeated event, a rescan) starts no worker and is
    // neither reloaded nor re-refused, unless its settings changed or were what it was refused
    // for.
    std::lock_guard state(state_mutex_);
    auto it = files_.find(file);
    if (it != files_.end() &&
        ((it->second.serving && it->second.serving->sha256() == content.sha256 &&
          same_settings(*it->second.serving)) ||
         (it->second.last_refusal && it->second.last_refusal->sha256 == content.sha256 &&
          !is_settings_refusal(*it->second.last_refusal)))) {
      return Outcome::Unchanged;
    }
  }

  std::shared_ptr<LoadedConnector> loaded;
  try {
    loaded = LoadedConnector::load(content, file, workers_, [&sources](const sdk::Description& d) {
      return settings_for(d, sources);
    });
  } catch (const Refusal& r) {
    return refuse(file, r, content.sha256);
  }
  const std::string sha256 = std::move(content.sha256);
  content = {};  // the bytes live on in the version's memfd
  const std::string id = loaded->description().id;

  std::shared_ptr<LoadedConnector> previous;
  std::uint64_t swaps = 0;
  std::string other_file;
  {
    std::lock_guard state(state_mutex_);
    auto owner = by_id_.find(id);
    if (owner != by_id_.end() && owner->second->file() != file) other_file = owner->second->file();
  }
  if (!other_file.empty()) {
    return refuse(file,
                  Refusal(RefusalReason::CheckFailed,
                          "connector id '" + id + "' is already served by " + other_file),
                  sha256);
  }
  {
    // load_mutex_ is held, so nothing changed the maps since the check above.
    std::lock_guard state(state_mutex_);
    FileEntry& entry = files_[file];
    previous = std::move(entry.serving);
    if (previous && previous->description().id != id) by_id_.erase(previous->description().id);
    entry.serving = loaded;
    by_id_[id] = loaded;
    if (previous) swaps = ++entry.swaps;
  }
  // Calls still running keep `previous` (and its workers) alive; the last of them ends it.
  swap_seconds_->observe(seconds_since(started));
  const auto& d = loaded->description();
  if (previous) {
    swaps_->inc();
    log_.info("plugin_swapped")
        .str("file", file)
        .str("connector", id)
        .str("from_version", previous->description().version)
        .str("version", d.version)
        .str("sha256", sha256)
        .num("swaps", static_cast<std::int64_t>(swaps))
        .real("ms", seconds_since(started) * 1000.0);
    return Outcome::Swapped;
  }
  loads_->inc();
  log_.info("plugin_loaded")
      .str("file", file)
      .str("connector", id)
      .str("version", d.version)
      .str("sha256", sha256)
      .real("ms", seconds_since(started) * 1000.0);
  return Outcome::Loaded;
}

PluginHost::Outcome PluginHost::retire(const std::string& file) {
  std::shared_ptr<LoadedConnector> previous;
  {
    std::lock_guard state(state_mutex_);
    auto it = files_.find(file);
    if (it == files_.end()) return Outcome::Unchanged;
    previous = std::move(it->second.serving);
    files_.erase(it);
    if (previous) by_id_.erase(previous->description().id);
  }
  if (!previous) return Outcome::Unchanged;
  retirements_->inc();
  log_.info("plugin_retired")
      .str("file", file)
      .str("connector", previous->description().id)
      .str("version", previous->description().version);
  return Outcome::Retired;
}

std::vector<sdk::Description> PluginHost::connectors() const {
  std::lock_guard state(state_mutex_);
  std::vector<sdk::Description> out;
  for (const auto& [id, version] : by_id_) out.push_back(version->description());
  return out;
}

ConnectorClient PluginHost::client(std::string_view id) const {
  std::shared_ptr<LoadedConnector> version;
  {
    std::lock_guard state(state_mutex_);
    if (auto it = by_id_.find(id); it != by_id_.end()) version = it->second;
  }
  if (!version) {
    if (auto* counter = env_->failures[static_cast<std::size_t>(CallError::Kind::Unavailable)]) {
      counter->inc();
    }
    throw CallError(CallError::Kind::Unavailable, std::string(id),
                    "no connector with this id is loaded");
  }
  return ConnectorClient(std::move(version), env_);
}

std::vector<FileStatus> PluginHost::files() const {
  std::lock_guard state(state_mutex_);
  std::vector<FileStatus> out;
  for (const auto& [name, entry] : files_) {
    out.push_back(FileStatus{name, entry.serving, entry.swaps, entry.last_refusal});
  }
  return out;
}

}  // namespace roi::plugins

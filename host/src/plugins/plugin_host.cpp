#include "plugins/plugin_host.hpp"

#include <algorithm>

#include "config/settings.hpp"

namespace roi::plugins {
namespace {

// The spec names the platforms' app credentials plainly; they are the connectors' settings.
constexpr std::pair<std::string_view, std::string_view> kSpecNames[] = {
    {"GOOGLE_ADS_CLIENT_ID", "ROI_CONNECTOR_GOOGLE_ADS_CLIENT_ID"},
    {"GOOGLE_ADS_CLIENT_SECRET", "ROI_CONNECTOR_GOOGLE_ADS_CLIENT_SECRET"},
    {"GOOGLE_ADS_DEVELOPER_TOKEN", "ROI_CONNECTOR_GOOGLE_ADS_DEVELOPER_TOKEN"},
    {"META_APP_ID", "ROI_CONNECTOR_META_CLIENT_ID"},
    {"META_APP_SECRET", "ROI_CONNECTOR_META_CLIENT_SECRET"},
    {"META_WEBHOOK_VERIFY_TOKEN", "ROI_CONNECTOR_META_WEBHOOK_VERIFY_TOKEN"},
    {"SHOPIFY_API_KEY", "ROI_CONNECTOR_SHOPIFY_CLIENT_ID"},
    {"SHOPIFY_API_SECRET", "ROI_CONNECTOR_SHOPIFY_CLIENT_SECRET"},
    {"STRIPE_WEBHOOK_SECRET", "ROI_CONNECTOR_STRIPE_WEBHOOK_SECRET"},
    {"ROI_STRIPE_WEBHOOK_TOLERANCE_S", "ROI_CONNECTOR_STRIPE_WEBHOOK_TOLERANCE_S"},
};

std::map<std::string, std::string> connector_environment() {
  std::map<std::string, std::string> out;
  const auto env = config::process_environment();
  for (auto& [name, value] : env) {
    if (name.rfind("ROI_CONNECTOR_", 0) == 0) out.emplace(name, value);
  }
  // An explicit ROI_CONNECTOR_* variable wins over the spec's name.
  for (const auto& [spec, setting] : kSpecNames) {
    if (auto it = env.find(std::string(spec)); it != env.end()) out.emplace(setting, it->second);
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

PluginHost::PluginHost(const config::PluginSettings& settings, observability::Logger& log,
                       observability::Registry& metrics)
    : dir_(std::filesystem::absolute(settings.dir)),
      watch_(settings.watch),
      load_timeout_(settings.load_timeout_ms),
      log_(log),
      metrics_(metrics) {
  std::filesystem::create_directories(dir_);
  env_ = std::make_shared<CallEnvironment>(CallEnvironment{
      log, std::make_shared<net::CurlClient>(), connector_environment(), std::chrono::milliseconds(settings.call_timeout_ms),
      std::chrono::milliseconds(settings.sync_timeout_ms), settings.max_stuck_calls, {}});
  register_metrics();
}

PluginHost::~PluginHost() { watcher_.reset(); }

void PluginHost::register_metrics() {
  loads_ = &metrics_.counter("roi_plugin_loads_total", "Connector libraries taken into service");
  swaps_ = &metrics_.counter("roi_plugin_swaps_total", "New connector versions swapped in");
  retirements_ = &metrics_.counter("roi_plugin_retirements_total",
                                   "Connectors retired because their file was removed");
  for (auto reason : {RefusalReason::LoadFailed, RefusalReason::WrongAbi, RefusalReason::CheckFailed}) {
    refusals_[reason] = &metrics_.counter("roi_plugin_refusals_total",
                                          "Connector libraries refused, by reason",
                                          {{"reason", reason_key(reason)}});
  }
  swap_seconds_ = &metrics_.histogram("roi_plugin_load_duration_seconds",
                                      "Copy, load, check and swap of one connector library");
  env_->platform_http = &metrics_.histogram(
      "roi_connector_http_duration_seconds",
      "Connectors' HTTP requests to their platforms, from send to the whole answer");
  for (std::size_t i = 0; i < CallError::kKindCount; ++i) {
    env_->failures[i] = &metrics_.counter(
        "roi_plugin_call_failures_total", "Failed connector calls, by kind",
        {{"kind", kind_key(static_cast<CallError::Kind>(i))}});
  }
  metrics_.gauge("roi_plugin_connectors_serving", "Connectors serving now", [this] {
    std::lock_guard lock(state_mutex_);
    return static_cast<double>(by_id_.size());
  });
  metrics_.gauge("roi_plugin_libraries_loaded",
                 "Connector libraries mapped, old versions still finishing calls included",
                 [] { return static_cast<double>(LoadedConnector::libraries_loaded()); });
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
    case Outcome::Loaded: ++s.loaded; break;
    case Outcome::Swapped: ++s.swapped; break;
    case Outcome::Unchanged: ++s.unchanged; break;
    case Outcome::Refused: ++s.refused; break;
    case Outcome::Retired: ++s.retired; break;
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

PluginHost::Outcome PluginHost::refuse(const std::string& file, const Refusal& refusal,
                                       const std::string& sha256) {
  {
    std::lock_guard state(state_mutex_);
    files_[file].last_refusal =
        RefusalRecord{std::chrono::system_clock::now(), reason_key(refusal.reason()),
                      refusal.what(), sha256};
  }
  refusals_.at(refusal.reason())->inc();
  log_.warn("plugin_refused")
      .str("file", file)
      .str("reason", reason_key(refusal.reason()))
      .str("why", refusal.what())
      .str("sha256", sha256);
  return Outcome::Refused;
}

PluginHost::Outcome PluginHost::apply_file(const std::string& file) {
  const auto started = std::chrono::steady_clock::now();
  const auto path = dir_ / file;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return retire(file);

  PrivateDir::Copy copy;
  {
    LibraryContent content;
    try {
      content = read_library(path);
    } catch (const Refusal& r) {
      return refuse(file, r, "");
    }
    {
      // The same content again (a touch, a repeated event, a rescan) is neither copied, reloaded
      // nor re-refused.
      std::lock_guard state(state_mutex_);
      auto it = files_.find(file);
      if (it != files_.end() &&
          ((it->second.serving && it->second.serving->sha256() == content.sha256) ||
           (it->second.last_refusal && it->second.last_refusal->sha256 == content.sha256))) {
        return Outcome::Unchanged;
      }
    }
    try {
      copy = private_dir_.write(content, file);
    } catch (const Refusal& r) {
      return refuse(file, r, "");  // not the content's fault: a rescan tries again
    }
  }  // the bytes are let go before the copy is mapped

  std::shared_ptr<LoadedConnector> loaded;
  try {
    loaded = LoadedConnector::load(copy, file, load_timeout_);
  } catch (const Refusal& r) {
    return refuse(file, r, copy.sha256);
  }
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
    return refuse(file, Refusal(RefusalReason::CheckFailed, "connector id '" + id +
                                                                "' is already served by " + other_file),
                  copy.sha256);
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
  // Calls still running keep `previous` (and its library) alive; the last of them unloads it.
  swap_seconds_->observe(seconds_since(started));
  const auto& d = loaded->description();
  if (previous) {
    swaps_->inc();
    log_.info("plugin_swapped")
        .str("file", file)
        .str("connector", id)
        .str("from_version", previous->description().version)
        .str("version", d.version)
        .str("sha256", copy.sha256)
        .num("swaps", static_cast<std::int64_t>(swaps))
        .real("ms", seconds_since(started) * 1000.0);
    return Outcome::Swapped;
  }
  loads_->inc();
  log_.info("plugin_loaded")
      .str("file", file)
      .str("connector", id)
      .str("version", d.version)
      .str("sha256", copy.sha256)
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
    throw CallError(CallError::Kind::Unavailable, std::string(id), "no connector with this id is loaded");
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

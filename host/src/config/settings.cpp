// Declares every configuration key once: YAML path, environment name, parser, default.
#include "config/settings.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>

#include "http/client_address.hpp"
#include "plugins/output_checks.hpp"

extern char** environ;

namespace roi::config {
namespace {

struct Key {
  std::string path;
  std::string env;
  const char* default_value;  // nullptr: required
  std::function<void(Settings&, const std::string&)> assign;
  std::function<std::string(const Settings&)> show;
};

// "alias=platform,alias=platform": aliases are lower-case names (a-z, 0-9, '.', '_', '-'),
// platforms connector ids; spaces around items are ignored.
std::map<std::string, std::string, std::less<>> parse_aliases(const std::string& text) {
  std::map<std::string, std::string, std::less<>> out;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    item = item.substr(first, item.find_last_not_of(' ') - first + 1);
    const auto eq = item.find('=');
    const std::string alias = item.substr(0, eq);
    const std::string platform = eq == std::string::npos ? "" : item.substr(eq + 1);
    const bool alias_ok = !alias.empty() && alias.size() <= 100 &&
                          std::all_of(alias.begin(), alias.end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                                   c == '_' || c == '-';
                          });
    if (!alias_ok || !plugins::is_connector_id(platform) || out.contains(alias)) {
      throw ConfigError("attribution.aliases: '" + item +
                        "' must be alias=connector-id with a lower-case alias named once");
    }
    out[alias] = platform;
  }
  return out;
}

// Per-platform lookback keys: sync.lookback.<platform>, ROI_SYNC_LOOKBACK_<PLATFORM>.
constexpr std::string_view kLookbackPath = "sync.lookback.";
constexpr std::string_view kLookbackEnv = "ROI_SYNC_LOOKBACK_";
constexpr std::string_view kLookbackDaysEnv = "ROI_SYNC_LOOKBACK_DAYS";  // the general one
constexpr std::string_view kConnectorsSection = "connectors";

using plugins::is_connector_id;  // the shapes the connectors' own checks use (sdk/checks)
using plugins::is_setting_key;

// A platform in a lookback key: its connector id, with '_' for '-' allowed ("google_ads").
std::optional<std::string> lookback_platform(std::string_view name) {
  std::string id(name);
  std::replace(id.begin(), id.end(), '_', '-');
  if (!is_connector_id(id)) return std::nullopt;
  return id;
}

[[noreturn]] void invalid(const std::string& key, const std::string& value,
                          const std::string& want) {
  throw ConfigError("configuration key '" + key + "' has invalid value '" + value + "': expected " +
                    want);
}

long long parse_int(const std::string& key, const std::string& v, long long lo, long long hi) {
  long long out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc{} || ptr != v.data() + v.size() || out < lo || out > hi) {
    invalid(key, v, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return out;
}

bool parse_bool(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  invalid(key, v, "true or false");
}

std::string parse_nonempty(const std::string& key, const std::string& v) {
  if (v.empty()) invalid(key, v, "a non-empty string");
  return v;
}

template <typename T>
Key int_key(const char* path, const char* env, const char* def, long long lo, long long hi,
            T Settings::*section, auto member) {
  return Key{path, env, def,
             [=](Settings& s, const std::string& v) {
               (s.*section).*member =
                   static_cast<std::remove_reference_t<decltype((s.*section).*member)>>(
                       parse_int(path, v, lo, hi));
             },
             [=](const Settings& s) { return std::to_string((s.*section).*member); }};
}

template <typename T>
Key string_key(const char* path, const char* env, const char* def, T Settings::*section,
               std::string T::*member, std::function<void(const std::string&)> check = nullptr) {
  return Key{path, env, def,
             [=](Settings& s, const std::string& v) {
               if (check) check(v);
               (s.*section).*member = parse_nonempty(path, v);
             },
             [=](const Settings& s) { return (s.*section).*member; }};
}

template <typename T>
Key bool_key(const char* path, const char* env, const char* def, T Settings::*section,
             bool T::*member) {
  return Key{path, env, def,
             [=](Settings& s, const std::string& v) { (s.*section).*member = parse_bool(path, v); },
             [=](const Settings& s) { return (s.*section).*member ? "true" : "false"; }};
}

// A secret: may be empty (the composition root decides whether that is allowed), is never
// printed by --print, and must be long enough to be a key when set.
Key secret_key(const char* path, const char* env, std::string AuthSettings::*member) {
  return Key{path, env, "",
             [=](Settings& s, const std::string& v) {
               if (!v.empty() && v.size() < 32) {
                 throw ConfigError(std::string("configuration key '") + path +
                                   "' must be at least 32 bytes (e.g. openssl rand -hex 32)");
               }
               s.auth.*member = v;
             },
             [=](const Settings& s) { return (s.auth.*member).empty() ? "(unset)" : "(set)"; }};
}

// An origin as browsers send it: scheme://host[:port], nothing after.
void check_origin(const char* key, const std::string& v) {
  const auto scheme_end = v.find("://");
  const std::string scheme = v.substr(0, scheme_end);
  if (scheme_end == std::string::npos || (scheme != "http" && scheme != "https") ||
      v.size() == scheme_end + 3 || v.find_first_of("/?#@ ", scheme_end + 3) != std::string::npos) {
    invalid(key, v, "an origin like https://app.example.com (no path)");
  }
}

std::vector<Key> declare_keys() {
  std::vector<Key> all = {
      string_key("server.socket", "ROI_FCGI_SOCKET", "run/roi-host.sock", &Settings::server,
                 &ServerSettings::socket),
      int_key("server.threads", "ROI_FCGI_THREADS", "64", 2, 4096, &Settings::server,
              &ServerSettings::threads),
      int_key("server.backlog", "ROI_FCGI_BACKLOG", "1024", 1, 65535, &Settings::server,
              &ServerSettings::backlog),
      int_key("server.max_body_bytes", "ROI_MAX_BODY_BYTES", "1048576", 1024, 64LL << 20,
              &Settings::server, &ServerSettings::max_body_bytes),
      int_key("server.shutdown_grace_ms", "ROI_SHUTDOWN_GRACE_MS", "10000", 0, 600000,
              &Settings::server, &ServerSettings::shutdown_grace_ms),
      int_key("server.max_batch_calls", "ROI_MAX_BATCH_CALLS", "50", 1, 1000, &Settings::server,
              &ServerSettings::max_batch_calls),
      Key{"server.trusted_proxies", "ROI_TRUSTED_PROXIES", "",
          [](Settings& s, const std::string& v) {
            std::string problem;
            if (!http::TrustedProxies::parse(v, problem)) {
              invalid("server.trusted_proxies", v,
                      "comma-separated addresses or CIDRs like 10.0.0.0/8 (" + problem + ")");
            }
            s.server.trusted_proxies = v;
          },
          [](const Settings& s) { return s.server.trusted_proxies; }},
      Key{"server.socket_group", "ROI_FCGI_SOCKET_GROUP", "",
          [](Settings& s, const std::string& v) { s.server.socket_group = v; },
          [](const Settings& s) { return s.server.socket_group; }},
      string_key("database.url", "DATABASE_URL", nullptr, &Settings::database,
                 &DatabaseSettings::url),
      int_key("database.pool_size", "ROI_DB_POOL_SIZE", "16", 1, 1024, &Settings::database,
              &DatabaseSettings::pool_size),
      int_key("database.connect_timeout_s", "ROI_DB_CONNECT_TIMEOUT_S", "3", 1, 600,
              &Settings::database, &DatabaseSettings::connect_timeout_s),
      int_key("database.statement_timeout_ms", "ROI_DB_STATEMENT_TIMEOUT_MS", "10000", 0, 3600000,
              &Settings::database, &DatabaseSettings::statement_timeout_ms),
      int_key("database.lease_timeout_ms", "ROI_DB_LEASE_TIMEOUT_MS", "2000", 1, 600000,
              &Settings::database, &DatabaseSettings::lease_timeout_ms),
      string_key("database.migrations_dir", "ROI_MIGRATIONS_DIR", ROI_DEFAULT_MIGRATIONS_DIR,
                 &Settings::database, &DatabaseSettings::migrations_dir),
      bool_key("database.migrate_on_start", "ROI_MIGRATE_ON_START", "true", &Settings::database,
               &DatabaseSettings::migrate_on_start),
      string_key("log.level", "ROI_LOG_LEVEL", "info", &Settings::log, &LogSettings::level,
                 [](const std::string& v) {
                   if (v != "debug" && v != "info" && v != "warn" && v != "error") {
                     invalid("log.level", v, "one of debug, info, warn, error");
                   }
                 }),
      bool_key("log.requests", "ROI_LOG_REQUESTS", "true", &Settings::log, &LogSettings::requests),
      secret_key("auth.jwt_secret", "JWT_SECRET", &AuthSettings::jwt_secret),
      secret_key("auth.token_encryption_key", "TOKEN_ENCRYPTION_KEY",
                 &AuthSettings::token_encryption_key),
      bool_key("auth.demo_mode", "ROI_DEMO_MODE", "false", &Settings::auth,
               &AuthSettings::demo_mode),
      int_key("auth.bcrypt_cost", "ROI_BCRYPT_COST", "12", 4, 31, &Settings::auth,
              &AuthSettings::bcrypt_cost),
      int_key("auth.token_lifetime_s", "ROI_TOKEN_LIFETIME_S", "604800", 60, 31536000,
              &Settings::auth, &AuthSettings::token_lifetime_s),
      int_key("auth.login_free_failures_per_address", "ROI_LOGIN_FREE_FAILURES_PER_ADDRESS", "20",
              0, 1000000, &Settings::auth, &AuthSettings::login_free_failures_per_address),
      int_key("auth.login_free_failures_per_account", "ROI_LOGIN_FREE_FAILURES_PER_ACCOUNT", "5", 0,
              100000, &Settings::auth, &AuthSettings::login_free_failures_per_account),
      int_key("auth.login_first_delay_ms", "ROI_LOGIN_FIRST_DELAY_MS", "1000", 1, 3600000,
              &Settings::auth, &AuthSettings::login_first_delay_ms),
      int_key("auth.login_max_delay_s", "ROI_LOGIN_MAX_DELAY_S", "900", 1, 86400, &Settings::auth,
              &AuthSettings::login_max_delay_s),
      int_key("auth.register_per_address", "ROI_REGISTER_PER_ADDRESS", "10", 1, 1000000,
              &Settings::auth, &AuthSettings::register_per_address),
      int_key("auth.register_per_window", "ROI_REGISTER_PER_WINDOW", "1000", 1, 100000000,
              &Settings::auth, &AuthSettings::register_per_window),
      int_key("auth.register_window_s", "ROI_REGISTER_WINDOW_S", "3600", 1, 86400, &Settings::auth,
              &AuthSettings::register_window_s),
      int_key("auth.hash_concurrency", "ROI_HASH_CONCURRENCY", "0", 0, 1024, &Settings::auth,
              &AuthSettings::hash_concurrency),
      int_key("auth.hash_wait_ms", "ROI_HASH_WAIT_MS", "250", 0, 60000, &Settings::auth,
              &AuthSettings::hash_wait_ms),
      int_key("auth.session_purge_interval_s", "ROI_SESSION_PURGE_INTERVAL_S", "3600", 1, 604800,
              &Settings::auth, &AuthSettings::session_purge_interval_s),
      int_key("auth.login_window_s", "ROI_LOGIN_WINDOW_S", "900", 1, 86400, &Settings::auth,
              &AuthSettings::login_window_s),
      string_key("web.frontend_url", "FRONTEND_URL", "http://localhost:3000", &Settings::web,
                 &WebSettings::frontend_url,
                 [](const std::string& v) { check_origin("web.frontend_url", v); }),
      Key{"web.public_url", "PUBLIC_URL", "",
          [](Settings& s, const std::string& v) {
            if (!v.empty()) check_origin("web.public_url", v);
            s.web.public_url = v;
          },
          [](const Settings& s) { return s.web.public_url; }},
      string_key("plugins.dir", "ROI_PLUGINS_DIR", ROI_DEFAULT_PLUGINS_DIR, &Settings::plugins,
                 &PluginSettings::dir),
      bool_key("plugins.watch", "ROI_PLUGINS_WATCH", "true", &Settings::plugins,
               &PluginSettings::watch),
      int_key("plugins.load_timeout_ms", "ROI_PLUGINS_LOAD_TIMEOUT_MS", "5000", 10, 600000,
              &Settings::plugins, &PluginSettings::load_timeout_ms),
      int_key("plugins.call_timeout_ms", "ROI_PLUGINS_CALL_TIMEOUT_MS", "10000", 10, 600000,
              &Settings::plugins, &PluginSettings::call_timeout_ms),
      int_key("plugins.sync_timeout_ms", "ROI_PLUGINS_SYNC_TIMEOUT_MS", "3600000", 10, 86400000,
              &Settings::plugins, &PluginSettings::sync_timeout_ms),
      int_key("plugins.max_workers", "ROI_PLUGINS_MAX_WORKERS", "4", 1, 256, &Settings::plugins,
              &PluginSettings::max_workers),
      int_key("plugins.worker_memory_mb", "ROI_PLUGINS_WORKER_MEMORY_MB", "1024", 64, 65536,
              &Settings::plugins, &PluginSettings::worker_memory_mb),
      Key{"plugins.worker_path", "ROI_PLUGINS_WORKER_PATH", "",
          [](Settings& s, const std::string& v) { s.plugins.worker_path = v; },
          [](const Settings& s) { return s.plugins.worker_path; }},
      string_key("plugins.worker_user", "ROI_PLUGINS_WORKER_USER", "nobody", &Settings::plugins,
                 &PluginSettings::worker_user),
      Key{"admin.token", "ROI_ADMIN_TOKEN", "",
          [](Settings& s, const std::string& v) {
            if (!v.empty() && v.size() < 32)
              invalid("admin.token", "(hidden)", "at least 32 characters");
            s.admin.token = v;
          },
          [](const Settings& s) { return s.admin.token.empty() ? "" : "(set)"; }},
      Key{"billing.connector", "ROI_BILLING_CONNECTOR", "",
          [](Settings& s, const std::string& v) {
            if (!v.empty() && !is_connector_id(v))
              invalid("billing.connector", v, "a connector id");
            s.billing.connector = v;
          },
          [](const Settings& s) { return s.billing.connector; }},
      int_key("dashboard.cache_entries", "ROI_DASHBOARD_CACHE_ENTRIES", "20000", 0, 10000000,
              &Settings::dashboard, &DashboardSettings::cache_entries),
      int_key("attribution.window_days", "ROI_ATTRIBUTION_WINDOW_DAYS", "30", 0, 3650,
              &Settings::attribution, &AttributionSettings::window_days),
      Key{"attribution.aliases", "ROI_ATTRIBUTION_ALIASES", "",
          [](Settings& s, const std::string& v) { s.attribution.aliases = parse_aliases(v); },
          [](const Settings& s) {
            std::string out;
            for (const auto& [alias, platform] : s.attribution.aliases) {
              out += (out.empty() ? "" : ",") + alias + "=" + platform;
            }
            return out;
          }},
      string_key("reports.folder", "ROI_REPORTS_DIR", "reports", &Settings::reports,
                 &ReportSettings::folder),
      int_key("reports.link_lifetime_s", "ROI_REPORT_LINK_LIFETIME_S", "300", 1, 86400,
              &Settings::reports, &ReportSettings::link_lifetime_s),
      Key{"reports.ai_service_url", "AI_SERVICE_URL", "",
          [](Settings& s, const std::string& v) {
            if (!v.empty() && v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
              invalid("reports.ai_service_url", v, "an http(s) URL or nothing");
            }
            // The contract's path is appended to the base, so a trailing slash would double.
            s.reports.ai_service_url = v.ends_with('/') ? v.substr(0, v.size() - 1) : v;
          },
          [](const Settings& s) { return s.reports.ai_service_url; }},
      int_key("reports.ai_timeout_ms", "ROI_AI_TIMEOUT_MS", "10000", 100, 120000,
              &Settings::reports, &ReportSettings::ai_timeout_ms),
      int_key("reports.ai_retries", "ROI_AI_RETRIES", "2", 0, 5, &Settings::reports,
              &ReportSettings::ai_retries),
      int_key("reports.ai_deadline_ms", "ROI_AI_DEADLINE_MS", "15000", 100, 600000,
              &Settings::reports, &ReportSettings::ai_deadline_ms),
      int_key("reports.poll_ms", "ROI_REPORTS_POLL_MS", "2000", 50, 600000, &Settings::reports,
              &ReportSettings::poll_ms),
      int_key("reports.workers", "ROI_REPORTS_WORKERS", "2", 1, 32, &Settings::reports,
              &ReportSettings::workers),
      int_key("sync.workers", "ROI_SYNC_WORKERS", "2", 0, 64, &Settings::sync,
              &SyncSettings::workers),
      int_key("sync.poll_ms", "ROI_SYNC_POLL_MS", "1000", 10, 60000, &Settings::sync,
              &SyncSettings::poll_ms),
      int_key("sync.lease_s", "ROI_SYNC_LEASE_S", "120", 1, 3600, &Settings::sync,
              &SyncSettings::lease_s),
      int_key("sync.reclaim_ms", "ROI_SYNC_RECLAIM_MS", "5000", 50, 3600000, &Settings::sync,
              &SyncSettings::reclaim_ms),
      int_key("sync.max_attempts", "ROI_SYNC_MAX_ATTEMPTS", "5", 1, 100, &Settings::sync,
              &SyncSettings::max_attempts),
      int_key("sync.backoff_base_s", "ROI_SYNC_BACKOFF_BASE_S", "30", 0, 86400, &Settings::sync,
              &SyncSettings::backoff_base_s),
      int_key("sync.backfill_days", "ROI_SYNC_BACKFILL_DAYS", "365", 1, 1100, &Settings::sync,
              &SyncSettings::backfill_days),
      int_key("sync.lookback_days", "ROI_SYNC_LOOKBACK_DAYS", "30", 0, 365, &Settings::sync,
              &SyncSettings::lookback_days),
      int_key("sync.chunk_rows", "ROI_SYNC_CHUNK_ROWS", "20000", 1, 1000000, &Settings::sync,
              &SyncSettings::chunk_rows),
      int_key("sync.interval_hours", "ROI_SYNC_INTERVAL_HOURS", "6", 1, 720, &Settings::sync,
              &SyncSettings::interval_hours),
      int_key("sync.schedule_tick_s", "ROI_SYNC_SCHEDULE_TICK_S", "60", 0, 86400, &Settings::sync,
              &SyncSettings::schedule_tick_s),
  };
  return all;
}

const std::vector<Key>& keys() {
  static const std::vector<Key> all = declare_keys();
  return all;
}

// A mapping key as text; YAML also allows a sequence or a mapping as a key, which no setting is.
std::string key_name(const YAML::Node& key, const std::string& where, const std::string& source) {
  if (!key.IsScalar()) throw ConfigError(source + ": '" + where + "' has a key that is not a name");
  return key.Scalar();
}

const Key* find_key(const std::string& path) {
  for (const auto& k : keys()) {
    if (path == k.path) return &k;
  }
  return nullptr;
}

// Flattens a YAML mapping into dotted paths, refusing anything that is not a known scalar key.
void flatten(const YAML::Node& node, const std::string& prefix, const std::string& source,
             std::map<std::string, std::string>& out) {
  if (!node.IsMap()) {
    throw ConfigError(source + ": '" + (prefix.empty() ? "<root>" : prefix) +
                      "' must be a mapping of keys");
  }
  for (const auto& item : node) {
    const std::string name = key_name(item.first, prefix.empty() ? "<root>" : prefix, source);
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    if (prefix.empty() && name == kConnectorsSection) continue;  // read_connectors
    if (path.starts_with(kLookbackPath)) {
      if (!lookback_platform(path.substr(kLookbackPath.size())) || !item.second.IsScalar()) {
        throw ConfigError(source + ": configuration key '" + path +
                          "' must name a connector id (a-z, 0-9, '-' or '_') and hold a number");
      }
      out[path] = item.second.Scalar();
      continue;
    }
    if (item.second.IsMap()) {
      flatten(item.second, path, source, out);
      continue;
    }
    if (!find_key(path)) {
      throw ConfigError(source + ": unknown configuration key '" + path +
                        "' (known keys are listed by roi-host --help)");
    }
    if (!item.second.IsScalar()) {
      throw ConfigError(source + ": configuration key '" + path + "' must be a single value");
    }
    out[path] = item.second.Scalar();
  }
}

ConnectorSettings read_connectors(const YAML::Node& root, const std::string& source) {
  ConnectorSettings out;
  const YAML::Node node = root[std::string(kConnectorsSection)];
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsMap())
    throw ConfigError(source + ": 'connectors' must be a mapping of connector ids");
  for (const auto& connector : node) {
    const std::string id = key_name(connector.first, "connectors", source);
    const std::string path = "connectors." + id;
    if (!is_connector_id(id)) {
      throw ConfigError(source + ": '" + path + "' does not name a connector id (a-z, 0-9, '-')");
    }
    if (!connector.second.IsMap()) {
      throw ConfigError(source + ": '" + path + "' must be a mapping of setting keys");
    }
    auto& settings = out[id];
    for (const auto& item : connector.second) {
      const std::string key = key_name(item.first, path, source);
      if (!is_setting_key(key)) {
        throw ConfigError(source + ": '" + path + "." + key +
                          "' is not a setting key (a-z, 0-9, '_')");
      }
      if (!item.second.IsScalar()) {
        throw ConfigError(source + ": configuration key '" + path + "." + key +
                          "' must be a single value");
      }
      settings[key] = item.second.Scalar();
    }
  }
  return out;
}

YAML::Node parse_yaml(const std::string& yaml_text, const std::string& source) {
  try {
    return YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(source + ": not valid YAML: " + e.what());
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read configuration file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// sync.lookback.<platform> from the file, then ROI_SYNC_LOOKBACK_<PLATFORM> over it. Runs after
// sync.lookback_days is assigned: an empty value takes it.
void assign_lookbacks(Settings& settings, const std::map<std::string, std::string>& values,
                      const Environment& env) {
  auto assign = [&](const std::string& id, const std::string& name, const std::string& v) {
    settings.sync.lookback_days_by_platform[id] =
        v.empty() ? settings.sync.lookback_days : static_cast<int>(parse_int(name, v, 0, 365));
  };
  for (const auto& [path, value] : values) {
    if (path.starts_with(kLookbackPath)) {
      assign(*lookback_platform(path.substr(kLookbackPath.size())), path, value);
    }
  }
  for (const auto& [name, value] : env) {
    if (!name.starts_with(kLookbackEnv) || name == kLookbackDaysEnv) continue;
    std::string lower = name.substr(kLookbackEnv.size());
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto id = lookback_platform(lower);
    if (!id) {
      throw ConfigError("environment variable '" + name +
                        "' must name a connector id after ROI_SYNC_LOOKBACK_ (A-Z, 0-9, '_')");
    }
    assign(*id, name, value);
  }
}

}  // namespace

Settings parse_settings(const std::string& yaml_text, const std::string& source,
                        const Environment& env) {
  std::map<std::string, std::string> values;
  const YAML::Node root = parse_yaml(yaml_text, source);
  Settings settings;
  if (root.IsDefined() && !root.IsNull()) {
    flatten(root, "", source, values);
    settings.connectors = read_connectors(root, source);
  }
  for (const auto& key : keys()) {
    std::string value;
    if (auto e = env.find(key.env); e != env.end()) {
      value = e->second;
    } else if (auto y = values.find(key.path); y != values.end()) {
      value = y->second;
    } else if (key.default_value) {
      value = key.default_value;
    } else {
      throw ConfigError("configuration key '" + key.path + "' is required: set it in " + source +
                        " or in the environment as " + key.env);
    }
    key.assign(settings, value);
  }
  assign_lookbacks(settings, values, env);
  return settings;
}

Settings load_settings(const std::string& yaml_path, const Environment& env) {
  Settings settings = parse_settings(read_file(yaml_path), yaml_path, env);
  settings.file = yaml_path;
  return settings;
}

ConnectorSettings load_connector_settings(const std::string& yaml_path) {
  const YAML::Node root = parse_yaml(read_file(yaml_path), yaml_path);
  if (!root.IsDefined() || root.IsNull()) return {};
  if (!root.IsMap()) throw ConfigError(yaml_path + ": '<root>' must be a mapping of keys");
  return read_connectors(root, yaml_path);
}

std::string setting_value(const Settings& settings, const std::string& key) {
  if (key.starts_with(kLookbackPath)) {
    if (auto id = lookback_platform(std::string_view(key).substr(kLookbackPath.size()))) {
      return std::to_string(settings.sync.lookback_for(*id));
    }
  }
  const Key* k = find_key(key);
  if (!k) throw ConfigError("unknown configuration key '" + key + "'");
  return k->show(settings);
}

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    if (auto eq = entry.find('='); eq != std::string::npos) {
      env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
  }
  return env;
}

std::string default_config_path() { return ROI_DEFAULT_CONFIG; }

std::string installed_worker_path() { return ROI_DEFAULT_WORKER_PATH; }

std::vector<std::string> describe_keys() {
  std::vector<std::string> lines;
  for (const auto& k : keys()) {
    const char* def = k.default_value ? k.default_value : "<required>";
    lines.push_back(k.path + " (env " + k.env + ", default " + def + ")");
  }
  lines.push_back(
      "sync.lookback.<connector id> (env ROI_SYNC_LOOKBACK_<CONNECTOR_ID>, default "
      "sync.lookback_days)");
  lines.push_back(
      "connectors.<connector id>.<setting> (env ROI_CONNECTOR_<ID>_<SETTING> or an "
      "alias the connector declares; see docs/WRITING_A_CONNECTOR.md)");
  return lines;
}

}  // namespace roi::config

// Declares every configuration key once: YAML path, environment name, parser, default.
#include "config/settings.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>

#include "integrations/platforms.hpp"

extern char** environ;

namespace roi::config {
namespace {

struct Key {
  std::string path;
  std::string env;
  const char* default_value;  // nullptr: required
  std::function<void(Settings&, const std::string&)> assign;
  std::function<std::string(const Settings&)> show;
  const char* default_note = nullptr;  // what --help says the default is, when not default_value
};

// Per-platform lookback keys: sync.lookback.<platform>, ROI_SYNC_LOOKBACK_<PLATFORM>.
constexpr std::string_view kLookbackPath = "sync.lookback.";
constexpr std::string_view kLookbackEnv = "ROI_SYNC_LOOKBACK_";

[[noreturn]] void invalid(const std::string& key, const std::string& value, const std::string& want) {
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
               std::string T::*member,
               std::function<void(const std::string&)> check = nullptr) {
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
      v.size() == scheme_end + 3 ||
      v.find_first_of("/?#@ ", scheme_end + 3) != std::string::npos) {
    invalid(key, v, "an origin like https://app.example.com (no path)");
  }
}

// "google-ads" as it appears in a key: google_ads.
std::string key_name(std::string_view platform_id) {
  std::string name(platform_id);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

// A platform's own lookback; empty (the default) takes sync.lookback_days, which is declared
// earlier and so already assigned.
Key lookback_key(std::string_view platform_id) {
  const std::string name = key_name(platform_id);
  std::string env(kLookbackEnv);
  for (char c : name) env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string path = std::string(kLookbackPath) + name;
  const std::string id(platform_id);
  return Key{path, env, "",
             [=](Settings& s, const std::string& v) {
               s.sync.lookback_days_by_platform[id] =
                   v.empty() ? s.sync.lookback_days : static_cast<int>(parse_int(path, v, 0, 365));
             },
             [=](const Settings& s) { return std::to_string(s.sync.lookback_for(id)); },
             "sync.lookback_days"};
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
      string_key("database.migrations_dir", "ROI_MIGRATIONS_DIR", "sql", &Settings::database,
                 &DatabaseSettings::migrations_dir),
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
      int_key("auth.login_attempts_per_email", "ROI_LOGIN_ATTEMPTS_PER_EMAIL", "10", 1, 100000,
              &Settings::auth, &AuthSettings::login_attempts_per_email),
      int_key("auth.login_attempts_per_address", "ROI_LOGIN_ATTEMPTS_PER_ADDRESS", "100", 1,
              1000000, &Settings::auth, &AuthSettings::login_attempts_per_address),
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
      string_key("plugins.dir", "ROI_PLUGINS_DIR", "run/plugins", &Settings::plugins,
                 &PluginSettings::dir),
      bool_key("plugins.watch", "ROI_PLUGINS_WATCH", "true", &Settings::plugins,
               &PluginSettings::watch),
      int_key("plugins.load_timeout_ms", "ROI_PLUGINS_LOAD_TIMEOUT_MS", "5000", 10, 600000,
              &Settings::plugins, &PluginSettings::load_timeout_ms),
      int_key("plugins.call_timeout_ms", "ROI_PLUGINS_CALL_TIMEOUT_MS", "10000", 10, 600000,
              &Settings::plugins, &PluginSettings::call_timeout_ms),
      int_key("plugins.sync_timeout_ms", "ROI_PLUGINS_SYNC_TIMEOUT_MS", "3600000", 10, 86400000,
              &Settings::plugins, &PluginSettings::sync_timeout_ms),
      int_key("plugins.max_stuck_calls", "ROI_PLUGINS_MAX_STUCK_CALLS", "8", 1, 1024,
              &Settings::plugins, &PluginSettings::max_stuck_calls),
      Key{"admin.token", "ROI_ADMIN_TOKEN", "",
          [](Settings& s, const std::string& v) {
            if (!v.empty() && v.size() < 32) invalid("admin.token", "(hidden)", "at least 32 characters");
            s.admin.token = v;
          },
          [](const Settings& s) { return s.admin.token.empty() ? "" : "(set)"; }},
      int_key("dashboard.cache_entries", "ROI_DASHBOARD_CACHE_ENTRIES", "20000", 0, 10000000,
              &Settings::dashboard, &DashboardSettings::cache_entries),
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
      int_key("reports.poll_ms", "ROI_REPORTS_POLL_MS", "2000", 50, 600000, &Settings::reports,
              &ReportSettings::poll_ms),
      int_key("sync.workers", "ROI_SYNC_WORKERS", "2", 0, 64, &Settings::sync,
              &SyncSettings::workers),
      int_key("sync.poll_ms", "ROI_SYNC_POLL_MS", "1000", 10, 60000, &Settings::sync,
              &SyncSettings::poll_ms),
      int_key("sync.lease_s", "ROI_SYNC_LEASE_S", "120", 1, 3600, &Settings::sync,
              &SyncSettings::lease_s),
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
      int_key("sync.schedule_tick_s", "ROI_SYNC_SCHEDULE_TICK_S", "60", 0, 86400,
              &Settings::sync, &SyncSettings::schedule_tick_s),
  };
  for (const auto& p : integrations::kPlatforms) all.push_back(lookback_key(p.id));
  return all;
}

const std::vector<Key>& keys() {
  static const std::vector<Key> all = declare_keys();
  return all;
}

const Key* find_key(const std::string& path) {
  for (const auto& k : keys()) {
    if (path == k.path) return &k;
  }
  return nullptr;
}

// The declared platforms' lookback names, for a refusal: "google_ads, meta" or their variables.
std::string known_lookbacks(bool env) {
  std::string out;
  for (const auto& k : keys()) {
    if (!k.path.starts_with(kLookbackPath)) continue;
    out += (out.empty() ? "" : ", ") + (env ? k.env : k.path.substr(kLookbackPath.size()));
  }
  return out;
}

// Flattens a YAML mapping into dotted paths, refusing anything that is not a known scalar key.
void flatten(const YAML::Node& node, const std::string& prefix, const std::string& source,
             std::map<std::string, std::string>& out) {
  if (!node.IsMap()) {
    throw ConfigError(source + ": '" + (prefix.empty() ? "<root>" : prefix) +
                      "' must be a mapping of keys");
  }
  for (const auto& item : node) {
    const std::string name = item.first.as<std::string>();
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    if (item.second.IsMap()) {
      flatten(item.second, path, source, out);
      continue;
    }
    if (!find_key(path)) {
      if (path.starts_with(kLookbackPath)) {
        throw ConfigError(source + ": unknown platform '" + path.substr(kLookbackPath.size()) +
                          "' in configuration key '" + path + "' (platforms: " +
                          known_lookbacks(false) + ")");
      }
      throw ConfigError(source + ": unknown configuration key '" + path +
                        "' (known keys are listed by roi-host --help)");
    }
    if (!item.second.IsScalar()) {
      throw ConfigError(source + ": configuration key '" + path + "' must be a single value");
    }
    out[path] = item.second.Scalar();
  }
}

}  // namespace

Settings parse_settings(const std::string& yaml_text, const std::string& source,
                        const Environment& env) {
  std::map<std::string, std::string> values;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(source + ": not valid YAML: " + e.what());
  }
  if (root.IsDefined() && !root.IsNull()) flatten(root, "", source, values);
  // A misspelt platform in a lookback variable would otherwise be ignored without a word.
  for (const auto& entry : env) {
    const std::string& name = entry.first;
    if (!name.starts_with(kLookbackEnv)) continue;
    const bool known = std::any_of(keys().begin(), keys().end(),
                                   [&](const Key& k) { return k.env == name; });
    if (!known) {
      throw ConfigError("unknown platform in environment variable '" + name + "' (known: " +
                        known_lookbacks(true) + ")");
    }
  }

  Settings settings;
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
  return settings;
}

Settings load_settings(const std::string& yaml_path, const Environment& env) {
  std::ifstream in(yaml_path);
  if (!in) throw ConfigError("cannot read configuration file '" + yaml_path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return parse_settings(text.str(), yaml_path, env);
}

std::string setting_value(const Settings& settings, const std::string& key) {
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

std::vector<std::string> describe_keys() {
  std::vector<std::string> lines;
  for (const auto& k : keys()) {
    const char* def = k.default_note ? k.default_note
                      : k.default_value ? k.default_value
                                        : "<required>";
    lines.push_back(k.path + " (env " + k.env + ", default " + def + ")");
  }
  return lines;
}

}  // namespace roi::config

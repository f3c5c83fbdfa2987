// The host's configuration: every key it accepts, with its type, default and environment name.
// Loaded from conf/roi.yaml, overridden from the environment, validated once at start.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace roi::config {

struct ServerSettings {
  std::string socket;           // FastCGI listen socket: a Unix socket path or ":port"
  int threads = 0;              // accept threads; must exceed nginx's upstream keepalive count
  int backlog = 0;              // listen backlog
  std::size_t max_body_bytes = 0;
  int shutdown_grace_ms = 0;    // how long SIGTERM waits for in-flight requests
  int max_batch_calls = 0;      // tRPC calls allowed in one batch request
};

struct DatabaseSettings {
  std::string url;              // libpq URI or key=value string
  int pool_size = 0;
  int connect_timeout_s = 0;
  int statement_timeout_ms = 0;
  int lease_timeout_ms = 0;     // how long a request waits for a free connection
  std::string migrations_dir;
  bool migrate_on_start = true;
};

struct LogSettings {
  std::string level;            // debug | info | warn | error
  bool requests = true;         // one JSON line per request
};

struct AuthSettings {
  std::string jwt_secret;       // HS256 key, >= 32 bytes; empty only in demo mode. Never shown.
  bool demo_mode = false;       // a random per-run secret when jwt_secret is empty (make run)
  int bcrypt_cost = 0;
  int token_lifetime_s = 0;
  int login_attempts_per_email = 0;
  int login_attempts_per_address = 0;
  int login_window_s = 0;
};

struct WebSettings {
  std::string frontend_url;     // the one origin CORS admits, with credentials
};

struct DashboardSettings {
  int cache_entries = 0;        // answers the dashboard result cache keeps; 0 turns it off
};

struct Settings {
  ServerSettings server;
  DatabaseSettings database;
  LogSettings log;
  AuthSettings auth;
  WebSettings web;
  DashboardSettings dashboard;
};

// A configuration the host must refuse to start with; the message names the key and the fix.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Environment = std::map<std::string, std::string>;

// Reads the YAML file (it must exist), applies environment overrides and validates every key.
Settings load_settings(const std::string& yaml_path, const Environment& env);

// Builds the same settings from YAML text (for tests and --check-config).
Settings parse_settings(const std::string& yaml_text, const std::string& source,
                        const Environment& env);

// The effective value of one key, as text (used by the run scripts to size nginx).
std::string setting_value(const Settings& settings, const std::string& key);

// The process environment as a map.
Environment process_environment();

// One line per key: yaml path, environment name, default. For --help and the docs.
std::vector<std::string> describe_keys();

}  // namespace roi::config

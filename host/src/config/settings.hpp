// The host's configuration: every key it accepts, with its type, default and environment name.
// Loaded from conf/roi.yaml, overridden from the environment, validated once at start.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace roi::config {

struct ServerSettings {
  std::string socket;  // FastCGI listen socket: a Unix socket path or ":port"
  int threads = 0;     // accept threads; must exceed nginx's upstream keepalive count
  int backlog = 0;     // listen backlog
  std::size_t max_body_bytes = 0;
  int shutdown_grace_ms = 0;  // how long SIGTERM waits for in-flight requests
  int max_batch_calls = 0;    // tRPC calls allowed in one batch request
  // Comma-separated CIDRs of proxies in front of nginx whose X-Forwarded-For is believed; a
  // request from elsewhere is its REMOTE_ADDR. Empty: nginx is the edge.
  std::string trusted_proxies;
  std::string socket_group;  // group the Unix socket is given (nginx's); empty: the host's own
};

struct DatabaseSettings {
  std::string url;  // libpq URI or key=value string
  int pool_size = 0;
  int connect_timeout_s = 0;
  int statement_timeout_ms = 0;
  int lease_timeout_ms = 0;  // how long a request waits for a free connection
  std::string migrations_dir;
  bool migrate_on_start = true;
};

struct LogSettings {
  std::string level;     // debug | info | warn | error
  bool requests = true;  // one JSON line per request
};

struct AuthSettings {
  std::string jwt_secret;  // HS256 key, >= 32 bytes; empty only in demo mode. Never shown.
  bool demo_mode = false;  // a random per-run secret when jwt_secret is empty (make run)
  std::string token_encryption_key;  // key ring sealing platform tokens; empty only in demo mode
  int bcrypt_cost = 0;
  int token_lifetime_s = 0;
  // Login slow-down: failures an address, and an email from one address, make before each further
  // failure delays the next attempt (first delay, doubled per failure, capped); failures are
  // forgotten login_window_s after the last one.
  int login_free_failures_per_address = 0;
  int login_free_failures_per_account = 0;
  int login_first_delay_ms = 0;
  int login_max_delay_s = 0;
  int login_window_s = 0;
  int register_per_address = 0;  // registrations one address may make per register_window_s
  int register_per_window = 0;   // registrations from everyone per register_window_s
  int register_window_s = 0;
  int hash_concurrency = 0;  // password hashes at once in this process; 0: half the CPU cores
  int hash_wait_ms = 0;      // a login waits this long for a hashing slot, then 503 Retry-After
  int session_purge_interval_s = 0;  // how often expired session rows are deleted
};

struct WebSettings {
  std::string frontend_url;  // the one origin CORS admits, with credentials
  std::string public_url;    // this API's origin for OAuth callbacks; empty: the Host header
};

struct PluginSettings {
  std::string dir;              // every *.so here is a connector; watched for new versions
  bool watch = true;            // inotify on dir; off: only start-up, SIGHUP and /admin reloads
  int load_timeout_ms = 0;      // a new worker's load, create and describe of its library
  int call_timeout_ms = 0;      // any connector call but sync
  int sync_timeout_ms = 0;      // one sync call
  int max_workers = 1;          // worker processes per connector version (calls at once)
  int worker_memory_mb = 1024;  // a worker's address space limit
  std::string worker_path;      // roi-connector-worker; empty: the one next to roi-host
  std::string worker_user = "nobody";  // what workers run as when the host runs as root
};

struct AdminSettings {
  std::string token;  // bearer token for /admin/* from other than loopback; empty: off
};

struct BillingSettings {
  std::string connector;  // the connector that bills users; empty: the one loaded with the
                          // billing capability (set it when several are loaded)
};

struct DashboardSettings {
  int cache_entries = 0;  // answers the dashboard result cache keeps; 0 turns it off
};

// First-party attribution of store orders to ad platforms and campaigns (sql/0019_attribution.sql).
struct AttributionSettings {
  int window_days = 0;  // an order placed longer after its visit is not attributed
  // What utm_source values, click identifier names and referring sites' names mean: alias (lower
  // case) -> platform (connector id). The host names none; conf/roi.yaml holds the defaults.
  std::map<std::string, std::string, std::less<>> aliases;
};

struct ReportSettings {
  std::string folder;          // where report PDFs are written; nginx serves it internally
  int link_lifetime_s = 0;     // how long a signed download link stays valid
  std::string ai_service_url;  // base of POST /insights; empty: the host writes insights
  int ai_timeout_ms = 0;       // per attempt
  int ai_retries = 0;          // further attempts after a timeout, a network error or a 5xx
  int ai_deadline_ms = 0;      // every attempt and pause of one report's AI call, in all
  int poll_ms = 0;             // how often the workers look for reports queued by other hosts
  int workers = 0;             // report threads in this process
};

struct SyncSettings {
  int workers = 0;         // sync worker threads in this process; 0: this host syncs nothing
  int poll_ms = 0;         // how often an idle worker looks for a job
  int lease_s = 0;         // a claimed job returns to the queue this long after its last sign
  int reclaim_ms = 0;      // how often a host looks for running jobs whose host died
  int max_attempts = 0;    // tries before a job fails for good
  int backoff_base_s = 0;  // first retry delay; doubles per attempt, with jitter
  int backfill_days = 0;   // the first sync of an integration pulls this far back
  int lookback_days = 0;   // later syncs re-read this many days (platforms restate them)
  // Per platform id ("google-ads"), from sync.lookback.<id> (google_ads works too) or
  // ROI_SYNC_LOOKBACK_<ID>: any id-shaped name is taken, since the host knows no platform.
  std::map<std::string, int, std::less<>> lookback_days_by_platform;
  int chunk_rows = 0;       // rows buffered before a chunk is written
  int interval_hours = 0;   // scheduled syncs per integration, for a plan that names none
  int schedule_tick_s = 0;  // how often the scheduler looks for due integrations; 0: off

  // The days an incremental sync of `platform` re-reads.
  int lookback_for(std::string_view platform) const {
    const auto own = lookback_days_by_platform.find(platform);
    return own == lookback_days_by_platform.end() ? lookback_days : own->second;
  }
};

// connectors.<id>.<key> of the configuration file: connector id -> setting key -> value. Any
// id- and key-shaped name is taken here; each connector checks its own against its declaration
// when it is loaded (plugins/connector_settings).
using ConnectorSettings =
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>;

struct Settings {
  ServerSettings server;
  DatabaseSettings database;
  LogSettings log;
  AuthSettings auth;
  WebSettings web;
  PluginSettings plugins;
  AdminSettings admin;
  BillingSettings billing;
  DashboardSettings dashboard;
  AttributionSettings attribution;
  ReportSettings reports;
  SyncSettings sync;
  ConnectorSettings connectors;
  std::string file;  // the YAML file these came from (read again for connectors); empty: text
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

// Reads only the connectors section of the YAML file, as parse_settings checks it; what the
// plugin host reads again at each load. Throws ConfigError.
ConnectorSettings load_connector_settings(const std::string& yaml_path);

// The effective value of one key, as text (used by the run scripts to size nginx).
std::string setting_value(const Settings& settings, const std::string& key);

// The process environment as a map.
Environment process_environment();

// Where an installed host finds its files (defaults derived from the install prefix at build
// time): the configuration file read without --config or ROI_CONFIG, and the connector worker
// used when plugins.worker_path is empty and none lies next to roi-host (as in the build tree).
std::string default_config_path();
std::string installed_worker_path();

// One line per key: yaml path, environment name, default. For --help and the docs.
std::vector<std::string> describe_keys();

}  // namespace roi::config

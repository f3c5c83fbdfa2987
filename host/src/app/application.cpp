#include "app/application.hpp"

#include <chrono>
#include <roi/sdk/abi.hpp>

#include "admin/access.hpp"
#include "config/loader.hpp"
#include "edge/error_mapping.hpp"
#include "modules/integrations/integrations_module.hpp"
#include "modules/system/system_module.hpp"
#include "plugins/plugin_settings.hpp"
#include "store/attribution_rules.hpp"
#include "store/error.hpp"
#include "store/migrations.hpp"
#include "text/utf8.hpp"

#ifndef ROI_VERSION
#error "ROI_VERSION must be defined by the build"
#endif

namespace roi::app {
namespace {

constexpr std::string_view kTrpcPrefix = "/api/trpc";
constexpr std::string_view kWebhookPrefix = "/api/webhooks/";
constexpr std::string_view kRoutes[] = {"trpc",    "oauth", "webhooks", "healthz",
                                        "metrics", "admin", "reports",  "other"};

// nginx normalises the path already; this refuses what must never reach a route even so.
bool is_safe_path(std::string_view path) {
  if (path.empty() || path[0] != '/') return false;
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  }
  if (!text::is_valid_utf8(path)) return false;
  std::size_t pos = 0;
  while (pos < path.size()) {
    std::size_t next = path.find('/', pos + 1);
    std::string_view seg =
        path.substr(pos + 1, next == std::string_view::npos ? path.npos : next - pos - 1);
    if (seg == ".." || seg == ".") return false;
    if (next == std::string_view::npos) break;
    pos = next;
  }
  return true;
}

http::Response plain_error(int status, std::string_view message) {
  return http::Response::json(status, R"({"error":{"message":")" + std::string(message) + "\"}}");
}

}  // namespace

Application::Application(const Settings& settings, observability::Logger& log)
    : settings_(settings), log_(log), cors_(settings.web.frontend_url) {
  pool_ = std::make_unique<store::Pool>(settings.database, log);
  log_.info("database_connected").num("pool_size", settings.database.pool_size);

  if (settings.database.migrate_on_start) {
    auto migrations = store::load_migrations(settings.database.migrations_dir);
    auto session = pool_->lease();
    const int applied = store::migrate(*session, migrations, log_);
    log_.info("migrations_checked")
        .num("known", static_cast<std::int64_t>(migrations.size()))
        .num("applied", applied);
  }
  {
    auto session = pool_->lease();
    store::configure_attribution(*session, settings.attribution, log_);
  }

  changes_ = std::make_unique<store::ChangeFeed>(settings.database, log_);
  owner_ = std::make_unique<store::OwnerLock>(settings.database, log_);
  auth_ = std::make_unique<AuthComponents>(settings.auth, *pool_, *changes_, loop_.context(), log_);
  // Connector settings are read again at every load, so a swap or reload sees the file's edits.
  plugins_ = std::make_unique<plugins::PluginHost>(
      settings.plugins, log_, metrics_, [file = settings.file, at_start = settings.connectors] {
        return plugins::SettingSources{
            config::process_environment(),
            file.empty() ? at_start : plugins::load_connector_settings(file)};
      });
  admin_ = std::make_unique<admin::PluginsAdmin>(*plugins_, settings.admin.token, log_);
  dashboard_ =
      std::make_unique<DashboardComponents>(settings, *pool_, metrics_, log_, auth_->secret());

  modules::system::register_procedures(
      procedures_, {ROI_VERSION, sdk::kAbiVersion, std::string(kTrpcPrefix)}, *plugins_);
  modules::auth::register_procedures(procedures_, auth_->services());
  billing_ = std::make_unique<BillingComponents>(settings, *pool_, *changes_, *plugins_, log_);
  billing_->register_procedures(procedures_, auth_->services().users, *plugins_);
  integrations_ = std::make_unique<IntegrationComponents>(settings, *pool_, *changes_, *plugins_,
                                                          billing_->plan_limits(), log_);
  modules::integrations::register_procedures(procedures_, integrations_->services());
  dashboard_->register_procedures(procedures_);
  changes_->subscribe(auth_->changes());
  changes_->subscribe(dashboard_->changes());
  reports_ = std::make_unique<ReportComponents>(settings, *pool_, billing_->plan_limits(), log_,
                                                auth_->secret(), owner_->id());
  reports_->register_procedures(procedures_);

  trpc_ = std::make_unique<api::TrpcEndpoint>(
      procedures_,
      api::TrpcLimits{static_cast<std::size_t>(settings.server.max_batch_calls),
                      settings.server.max_body_bytes},
      &auth_->authenticator(), edge::translate);
  register_metrics();
  sync_ = std::make_unique<SyncComponents>(
      settings, *pool_, *changes_, *owner_, integrations_->jobs(), *plugins_,
      integrations_->cipher(), billing_->plan_limits(), loop_.context(), log_);
  const sync::OrphanReclaimer* reclaimer = &sync_->reclaimer();
  metrics_.gauge("roi_sync_reclaim_passes", "Looks for running syncs of dead hosts since start",
                 [reclaimer] { return static_cast<double>(reclaimer->passes()); });
  metrics_.gauge("roi_sync_reclaimed_jobs",
                 "Running syncs of dead hosts this host queued again (or failed) since start",
                 [reclaimer] { return static_cast<double>(reclaimer->reclaimed()); });

  // Started in this order, stopped in the reverse one. The loop first and last: the others put
  // their periodic work on it. Reports and syncs run after migrations and once the procedures
  // that queue them are registered; the change feed last, so its thread is the first stopped
  // and never calls into caches that are going.
  components_.add(
      "event_loop", [this] { loop_.start(); }, [this] { loop_.stop(); });
  components_.add(
      "plugins", [this] { plugins_->start(); }, [this] { plugins_->stop(); });
  components_.add(
      "reports", [this] { reports_->start(); }, [this] { reports_->stop(); });
  components_.add(
      "sync", [this] { sync_->start(); }, [this] { sync_->stop(); });
  components_.add(
      "session_purge", [this] { auth_->start(); }, [this] { auth_->stop(); });
  components_.add(
      "change_feed", [this] { changes_->start(); }, [this] { changes_->stop(); });
  components_.start();
}

Application::~Application() { components_.stop(); }

void Application::register_metrics() {
  for (const auto& path : procedures_.paths()) {
    procedure_metrics_[procedures_.find(path)] = {
        &metrics_.counter("roi_trpc_calls_total", "tRPC calls by procedure", {{"procedure", path}}),
        &metrics_.histogram("roi_trpc_call_duration_seconds", "tRPC call latency by procedure",
                            {{"procedure", path}})};
  }
  unknown_procedure_metrics_ = {
      &metrics_.counter("roi_trpc_calls_total", "tRPC calls by procedure",
                        {{"procedure", "(unknown)"}}),
      &metrics_.histogram("roi_trpc_call_duration_seconds", "tRPC call latency by procedure",
                          {{"procedure", "(unknown)"}})};
  for (std::size_t i = 0; i < api::kErrorCodeCount; ++i) {
    error_counters_[i] =
        &metrics_.counter("roi_trpc_errors_total", "tRPC errors by code",
                          {{"code", std::string(api::info(static_cast<api::ErrorCode>(i)).key)}});
  }
  for (std::string_view route : kRoutes) {
    RouteMetrics m;
    for (int c = 0; c < 5; ++c) {
      m.by_class[static_cast<std::size_t>(c)] = &metrics_.counter(
          "roi_http_responses_total", "HTTP responses by route and status class",
          {{"route", std::string(route)}, {"status", std::to_string(c + 1) + "xx"}});
    }
    m.latency =
        &metrics_.histogram("roi_http_request_duration_seconds", "HTTP request latency by route",
                            {{"route", std::string(route)}});
    route_metrics_[route] = m;
  }
  store::ChangeFeed* changes = changes_.get();
  metrics_.gauge("roi_change_feed_live",
                 "1 while the change feed listens (caches of sessions and data versions in use)",
                 [changes] { return changes->live() ? 1.0 : 0.0; });
  metrics_.gauge("roi_change_feed_notifications",
                 "Notifications heard from Postgres since start (changes and settle markers)",
                 [changes] { return static_cast<double>(changes->changes_heard()); });
  metrics_.gauge("roi_change_feed_losses", "Times the change feed lost its connection",
                 [changes] { return static_cast<double>(changes->connections_lost()); });
  store::Pool* pool = pool_.get();
  metrics_.gauge("roi_db_pool_connections_in_use", "Database sessions leased right now",
                 [pool] { return static_cast<double>(pool->in_use()); });
  metrics_.gauge("roi_db_pool_connections", "Database sessions in the pool",
                 [pool] { return static_cast<double>(pool->size()); });
}

http::Response Application::handle(http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  std::string_view route_name = "other";
  http::Response response =
      request.method == "OPTIONS" ? cors_.preflight(request) : route(request, route_name);
  cors_.decorate(request, response);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  auto& rm = route_metrics_.at(route_name);
  const int cls = std::clamp(response.status / 100, 1, 5) - 1;
  rm.by_class[static_cast<std::size_t>(cls)]->inc();
  rm.latency->observe(seconds);

  if (settings_.log.requests) {
    log_.info("request")
        .str("method", request.method)
        .str("path", request.path)
        .num("status", response.status)
        .real("ms", seconds * 1000.0)
        .str("remote", request.remote_addr);
  }
  return response;
}

http::Response Application::route(http::Request& request, std::string_view& route_name) {
  if (!is_safe_path(request.path)) return plain_error(400, "Invalid request path");
  std::string_view path = request.path;
  if (path == kTrpcPrefix || path.rfind(std::string(kTrpcPrefix) + "/", 0) == 0) {
    route_name = "trpc";
    path.remove_prefix(std::min(path.size(), kTrpcPrefix.size() + 1));
    return handle_trpc(request, path);
  }
  if (path.starts_with(modules::integrations::kOAuthCallbackPrefix)) {
    route_name = "oauth";
    return integrations_->callback().handle(request);
  }
  if (path.starts_with(modules::reports::kDownloadPrefix)) {
    route_name = "reports";
    return reports_->download(request);
  }
  if (path.rfind(kWebhookPrefix, 0) == 0) {
    route_name = "webhooks";
    return billing_->webhooks().handle(request, path.substr(kWebhookPrefix.size()));
  }
  if (path == "/healthz") {
    route_name = "healthz";
    return handle_health();
  }
  if (path == "/metrics") {
    route_name = "metrics";
    if (!admin::metrics_allowed(request, settings_.admin.token)) {
      return plain_error(403, "/metrics is for loopback or Authorization: Bearer <admin.token>");
    }
    return http::Response::text(200, metrics_.render(), "text/plain; version=0.0.4");
  }
  if (path.rfind("/admin/", 0) == 0) {
    route_name = "admin";
    return admin_->handle(request);
  }
  return plain_error(404, "Not found");
}

void Application::reload_plugins() { plugins_->reload_for("SIGHUP"); }

http::Response Application::handle_trpc(http::Request& request, std::string_view paths) {
  api::TrpcResult result = trpc_->handle(request, paths);
  record_calls(result);
  return std::move(result.response);
}

void Application::record_calls(const api::TrpcResult& result) {
  if (result.request_error) {
    error_counters_[static_cast<std::size_t>(*result.request_error)]->inc();
    if (*result.request_error == api::ErrorCode::InternalServerError) {
      log_.error("trpc_request_failed").str("detail", result.request_error_detail);
    }
  }
  for (const auto& call : result.calls) {
    auto it = procedure_metrics_.find(call.procedure);
    const ProcedureMetrics& m =
        it == procedure_metrics_.end() ? unknown_procedure_metrics_ : it->second;
    m.calls->inc();
    m.latency->observe(std::chrono::duration<double>(call.duration).count());
    if (call.error) {
      error_counters_[static_cast<std::size_t>(*call.error)]->inc();
      if (!call.detail.empty()) {
        log_.warn("trpc_call_failed")
            .str("procedure", call.procedure ? call.procedure->path : "(unknown)")
            .str("code", api::info(*call.error).key)
            .str("detail", call.detail);
      }
    }
  }
}

http::Response Application::handle_health() {
  try {
    pool_->ping();
    return http::Response::json(200, R"({"status":"ok","database":"ok"})");
  } catch (const store::Error& e) {
    log_.warn("health_check_failed").str("detail", e.what());
    return http::Response::json(503, R"({"status":"unavailable","database":"unreachable"})");
  }
}

}  // namespace roi::app

// The composition root: builds every host area from its settings, registers the modules'
// procedures, starts the components with a lifecycle (components_ says in which order), and
// routes each HTTP request to the tRPC endpoint, OAuth callbacks, webhooks, /healthz or /metrics.
#pragma once

#include <memory>
#include <unordered_map>

#include "admin/plugins_admin.hpp"
#include "api/procedure.hpp"
#include "api/trpc_endpoint.hpp"
#include "app/auth_components.hpp"
#include "app/billing_components.hpp"
#include "app/component_list.hpp"
#include "app/dashboard_components.hpp"
#include "app/integration_components.hpp"
#include "app/report_components.hpp"
#include "app/settings.hpp"
#include "app/sync_components.hpp"
#include "concurrency/event_loop.hpp"
#include "http/cors.hpp"
#include "http/message.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "plugins/plugin_host.hpp"
#include "store/owner_lock.hpp"
#include "store/pool.hpp"

namespace roi::app {

class Application {
 public:
  // Builds every area and starts the components; throws (with nothing left running) when one
  // cannot start.
  Application(const Settings& settings, observability::Logger& log);
  ~Application();  // stops the components, last started first

  http::Response handle(http::Request& request);

  // SIGHUP: look at the plugins folder again.
  void reload_plugins();

  // SIGTERM: running syncs stop at their next page while the server drains its requests;
  // destroying the application waits for them.
  void begin_shutdown() { sync_->request_stop(); }

 private:
  struct ProcedureMetrics {
    observability::Counter* calls;
    observability::Histogram* latency;
  };
  struct RouteMetrics {
    std::array<observability::Counter*, 5> by_class{};  // 1xx..5xx
    observability::Histogram* latency = nullptr;
  };

  http::Response route(http::Request& request, std::string_view& route_name);
  http::Response handle_trpc(http::Request& request, std::string_view paths);
  http::Response handle_health();
  void register_metrics();
  void record_calls(const api::TrpcResult& result);

  const Settings& settings_;
  observability::Logger& log_;
  observability::Registry metrics_;
  // Periodic and background work that only waits between short tasks; roi-loop threads.
  concurrency::EventLoop loop_{1};
  std::unique_ptr<store::Pool> pool_;
  // Made before the writers that settle() with it.
  std::unique_ptr<store::ChangeFeed> changes_;
  // This process's sign of life for the work hosts share (syncs, reports): taken before anything
  // is claimed, let go (by its connection closing) after the workers end.
  std::unique_ptr<store::OwnerLock> owner_;
  std::unique_ptr<AuthComponents> auth_;
  std::unique_ptr<BillingComponents> billing_;
  std::unique_ptr<DashboardComponents> dashboard_;
  http::CorsPolicy cors_;
  std::unique_ptr<plugins::PluginHost> plugins_;
  std::unique_ptr<admin::PluginsAdmin> admin_;
  std::unique_ptr<IntegrationComponents> integrations_;
  std::unique_ptr<ReportComponents> reports_;
  api::ProcedureRegistry procedures_;
  std::unique_ptr<api::TrpcEndpoint> trpc_;
  std::unique_ptr<SyncComponents> sync_;

  std::unordered_map<const api::Procedure*, ProcedureMetrics> procedure_metrics_;
  ProcedureMetrics unknown_procedure_metrics_{};
  std::array<observability::Counter*, api::kErrorCodeCount> error_counters_{};
  std::unordered_map<std::string_view, RouteMetrics> route_metrics_;
  // Last, so that everything it starts is stopped before any member above goes.
  ComponentList components_{log_};
};

}  // namespace roi::app

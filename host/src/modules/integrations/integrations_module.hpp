// integrations.*: list a user's connected accounts with their sync progress, connect through any
// loaded connector (connect_procedures), queue a sync, and disconnect one (data kept or not).
#pragma once

#include <string>

#include "api/procedure.hpp"
#include "integrations/connect_flow.hpp"
#include "integrations/integration_store.hpp"
#include "integrations/sync_queue.hpp"
#include "modules/billing/plan_limits.hpp"
#include "plugins/plugin_host.hpp"

namespace roi::modules::integrations {

struct Services {
  roi::integrations::IntegrationStore& store;
  roi::integrations::ConnectFlow& connect;
  roi::integrations::SyncQueue& sync;
  billing::PlanLimits& limits;  // how often the user's plan allows a manual sync
  const plugins::PluginHost& plugins;
  std::string public_url;  // this API's origin for callbacks; empty: taken from the Host header
};

// The services must outlive the registry.
void register_procedures(api::ProcedureRegistry& registry, Services services);

}  // namespace roi::modules::integrations

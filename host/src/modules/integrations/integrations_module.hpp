// integrations.*: list a user's connected ad accounts with their sync progress, start a Google
// Ads or Meta connect (the authorize URL), queue a sync, and disconnect one (data kept or not).
#pragma once

#include <string>

#include "api/procedure.hpp"
#include "integrations/connect_flow.hpp"
#include "integrations/integration_store.hpp"
#include "integrations/sync_queue.hpp"

namespace roi::modules::integrations {

struct Services {
  roi::integrations::IntegrationStore& store;
  roi::integrations::ConnectFlow& connect;
  roi::integrations::SyncQueue& sync;
  std::string public_url;  // this API's origin for callbacks; empty: taken from the Host header
};

// The services must outlive the registry.
void register_procedures(api::ProcedureRegistry& registry, Services services);

}  // namespace roi::modules::integrations

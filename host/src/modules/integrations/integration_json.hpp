// One integration as the API shows it (integrations.list, integrations.connect): account, status,
// sync progress and last run, never a token.
#pragma once

#include "api/json.hpp"
#include "integrations/integration_store.hpp"

namespace roi::modules::integrations {

void write_integration(api::JsonWriter& out, const roi::integrations::IntegrationSummary& s);

}  // namespace roi::modules::integrations

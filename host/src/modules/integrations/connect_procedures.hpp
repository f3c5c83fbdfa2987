// Connecting accounts through any loaded connector, built from its description alone:
// integrations.platforms (what can be connected, and how), integrations.connect {platform,
// params?} (OAuth 2: the authorize URL; a form: the accounts connected) and the older
// integrations.connect<Platform> names (connectGoogleAds for "google-ads") as aliases of it.
#pragma once

#include "api/procedure.hpp"
#include "modules/integrations/integrations_module.hpp"

namespace roi::modules::integrations {

void register_connect_procedures(api::ProcedureRegistry& registry, const Services& services);

}  // namespace roi::modules::integrations

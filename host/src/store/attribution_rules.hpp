// Hands the attribution settings to the database, where the matching rules live
// (sql/0019_attribution.sql): when they differ from the stored ones, every stored order is matched
// again in the same transaction.
#pragma once

#include <soci/session.h>

#include "observability/log.hpp"
#include "store/attribution_settings.hpp"

namespace roi::store {

void configure_attribution(soci::session& session, const AttributionSettings& settings,
                           observability::Logger& log);

}  // namespace roi::store

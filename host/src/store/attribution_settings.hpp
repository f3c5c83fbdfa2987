// The attribution settings (attribution.*) and their declarations, and their hand-over to the
// database, where the matching rules live (sql/0019_attribution.sql): when they differ from the
// stored ones, every stored order is matched again in the same transaction.
#pragma once

#include <soci/session.h>

#include <map>
#include <string>
#include <vector>

#include "config/key.hpp"
#include "observability/log.hpp"

namespace roi::store {

// First-party attribution of store orders to ad platforms and campaigns.
struct AttributionSettings {
  int window_days = 0;  // an order placed longer after its visit is not attributed
  // What utm_source values, click identifier names and referring sites' names mean: alias (lower
  // case) -> platform (connector id). The host names none; conf/roi.yaml holds the defaults.
  std::map<std::string, std::string, std::less<>> aliases;
};

std::vector<config::Key<AttributionSettings>> attribution_keys();

void configure_attribution(soci::session& session, const AttributionSettings& settings,
                           observability::Logger& log);

}  // namespace roi::store

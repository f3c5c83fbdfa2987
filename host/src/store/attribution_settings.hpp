// The attribution settings (attribution.*) and their declarations. The matching rules they feed
// live in the database (sql/0019_attribution.sql; store/attribution_rules.hpp hands them over).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::store {

// First-party attribution of store orders to ad platforms and campaigns.
struct AttributionSettings {
  int window_days = 0;  // an order placed longer after its visit is not attributed
  // What utm_source values, click identifier names and referring sites' names mean: alias (lower
  // case) -> platform (connector id). The host names none; conf/roi.yaml holds the defaults.
  std::map<std::string, std::string, std::less<>> aliases;
};

std::vector<config::Key<AttributionSettings>> attribution_keys();

}  // namespace roi::store

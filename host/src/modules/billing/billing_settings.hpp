// Billing's settings (billing.*) and their declarations.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::modules::billing {

struct BillingSettings {
  std::string connector;  // the connector that bills users; empty: the one loaded with the
                          // billing capability (set it when several are loaded)
};

std::vector<config::Key<BillingSettings>> billing_keys();

}  // namespace roi::modules::billing

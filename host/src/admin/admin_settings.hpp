// The operators' endpoints' settings (admin.*) and their declarations.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::admin {

struct AdminSettings {
  std::string token;  // bearer token for /admin/* from other than loopback; empty: off
};

std::vector<config::Key<AdminSettings>> admin_keys();

}  // namespace roi::admin

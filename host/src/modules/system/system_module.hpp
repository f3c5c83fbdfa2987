// system.*: what the frontend asks about the host itself (version, SDK ABI, loaded connectors).
#pragma once

#include <string>

#include "api/procedure.hpp"

namespace roi::modules::system {

struct BuildInfo {
  std::string version;
  unsigned sdk_abi_version = 0;
};

void register_procedures(api::ProcedureRegistry& registry, BuildInfo build);

}  // namespace roi::modules::system

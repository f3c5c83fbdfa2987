// A connector's description as the API shows it (ROI_SCHEMA_CONNECTOR): the members that
// system.connectors and integrations.platforms both write for every connector.
#pragma once

#include <roi/sdk/connector.hpp>

#include "api/json.hpp"

namespace roi::api {

// "id", "name", "version" and "capabilities" into the object being written.
void connector_members(JsonWriter& out, const sdk::Description& d);

}  // namespace roi::api

#include "api/connector_json.hpp"

#include "connector/output_checks.hpp"

namespace roi::api {

void connector_members(JsonWriter& out, const sdk::Description& d) {
  member(out, "id", d.id);
  member(out, "name", d.name);
  member(out, "version", d.version);
  out.Key("capabilities");
  out.StartArray();
  for (auto c : d.capabilities) out.String(plugins::capability_name(c));
  out.EndArray();
}

}  // namespace roi::api

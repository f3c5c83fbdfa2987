// The connect form a connector declares, checked as the host uses it: what the user typed must
// validate against the schema (its shape is checked with the description, by sdk/checks).
#pragma once

#include <optional>
#include <roi/sdk/host_services.hpp>
#include <string>

namespace roi::connector_check {

// Nullopt when `fields` (as one JSON object of strings) validates against `form_schema`.
std::optional<std::string> validate_form(const std::string& form_schema,
                                         const sdk::Headers& fields);

}  // namespace roi::connector_check

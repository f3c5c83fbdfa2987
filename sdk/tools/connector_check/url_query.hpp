// The query parameters of a URL, decoded: what an authorize URL carries (the host's state) and
// what an OAuth callback brings back (the code, and for some platforms a signature over it all).
#pragma once

#include <optional>
#include <roi/sdk/host_services.hpp>
#include <string>
#include <string_view>

namespace roi::connector_check {

// In order, percent-decoded, '+' as a space (browsers send forms so); the fragment ignored; pairs
// with a malformed escape left out.
sdk::Headers url_parameters(std::string_view url);

// The first parameter called `name`.
std::optional<std::string> find_parameter(const sdk::Headers& params, std::string_view name);

}  // namespace roi::connector_check

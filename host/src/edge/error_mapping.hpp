// The API edge: the errors of the areas below the API, each its own type there (store::Error,
// plugins::CallError), as the api::Error a caller sees. The tRPC endpoint translates with it
// whatever a handler lets through (app/ wires it), and a procedure that calls a connector
// declares from it the codes the call may end in.
#pragma once

#include <exception>
#include <optional>
#include <vector>

#include "api/error.hpp"

namespace roi::edge {

// A store::Error or a plugins::CallError as the caller sees it; nullopt for an exception of no
// area this knows. An api::ErrorTranslator.
std::optional<api::Error> translate(const std::exception& e);

// Every code a connector call may end in, and `also`: what a procedure that calls a connector
// declares it may answer.
std::vector<api::ErrorCode> call_error_codes(std::vector<api::ErrorCode> also = {});

}  // namespace roi::edge

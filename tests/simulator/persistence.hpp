// The --state file: what the simulator's persistent parts (State::persistent) hold, as one JSON
// object keyed by part name, so a restarted `make run` keeps its tokens and subscriptions.
#pragma once

#include <string>

#include "state.hpp"

namespace roi::sim {

// Reads `path` into the parts; a missing file is an empty state. Returns an error, or "".
std::string load_state(State& state, const std::string& path);
// Writes every part to `path` (through a temporary file and a rename, so a crash never leaves half
// a file). Failures go to stderr: the simulator goes on serving.
void save_state(const State& state, const std::string& path);

}  // namespace roi::sim

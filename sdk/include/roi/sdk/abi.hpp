// The connector ABI version. A plugin exports the value it was built with and the host refuses
// a plugin whose value differs from its own, before calling anything else in it.
#pragma once

#include <cstdint>

namespace roi::sdk {

// Bump on any change to a type or virtual function that crosses the plugin boundary.
inline constexpr std::uint32_t kAbiVersion = 6;

}  // namespace roi::sdk

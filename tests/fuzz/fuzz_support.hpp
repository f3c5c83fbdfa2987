// What the fuzz targets share: one input cut into fields, and the ScriptedHost whose HTTP answers
// are read from the input (support/scripted_host.hpp), so a connector's client code parses hostile
// platform replies exactly as it parses real ones. Seeds are plain text: fields are separated by
// a line "==".
#pragma once

#include <cstddef>
#include <cstdint>
#include <roi/sdk/connector.hpp>
#include <string_view>
#include <vector>

#include "support/scripted_host.hpp"

namespace roi::fuzz {

inline constexpr std::string_view kSeparator = "\n==\n";

// The input's fields; missing ones are empty.
inline std::vector<std::string_view> fields(const std::uint8_t* data, std::size_t size,
                                            std::size_t count) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> out;
  while (out.size() + 1 < count) {
    const auto at = rest.find(kSeparator);
    if (at == std::string_view::npos) break;
    out.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
  out.push_back(rest);
  out.resize(count);
  return out;
}

using testing::header_lines;
using testing::response_of;
using testing::ScriptedHost;

}  // namespace roi::fuzz

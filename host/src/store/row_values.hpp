// Reading nullable columns from a SOCI row: NULL becomes nullopt rather than an exception.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>

namespace roi::store {

inline std::optional<std::string> optional_text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return r.get<std::string>(i);
}

}  // namespace roi::store

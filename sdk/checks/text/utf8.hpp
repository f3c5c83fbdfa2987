// UTF-8 checks for text that came from outside: whether it is well-formed, and a bounded, valid
// copy of it that is safe to echo in a JSON reply or a log line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace roi::text {

// True when `in` is well-formed UTF-8.
bool is_valid_utf8(std::string_view in);

// Valid UTF-8 of at most `max_bytes`: invalid sequences become U+FFFD, control characters '?'.
std::string sanitize_for_echo(std::string_view in, std::size_t max_bytes = 200);

}  // namespace roi::text

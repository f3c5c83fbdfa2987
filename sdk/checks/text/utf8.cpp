#include "text/utf8.hpp"

#include <algorithm>

namespace roi::text {
namespace {

// Decodes one UTF-8 sequence at `i`; returns its length, or 0 when it is not well-formed.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static const unsigned min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

bool is_valid_utf8(std::string_view in) {
  for (std::size_t i = 0; i < in.size();) {
    std::size_t n = utf8_sequence(in, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize_for_echo(std::string_view in, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(in.size(), max_bytes) + 8);
  for (std::size_t i = 0; i < in.size();) {
    std::size_t n = utf8_sequence(in, i);
    if (out.size() + (n ? n : 3) > max_bytes) {
      out += "...";
      break;
    }
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      i += 1;
    } else if (n == 1 && (static_cast<unsigned char>(in[i]) < 0x20 || in[i] == 0x7F)) {
      out.push_back('?');
      i += 1;
    } else {
      out.append(in.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace roi::text

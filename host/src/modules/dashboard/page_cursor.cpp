#include "modules/dashboard/page_cursor.hpp"

#include <openssl/crypto.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>
#include <roi/sdk/model.hpp>

namespace roi::modules::dashboard {
namespace {

// encode()'s longest payload, "1\n<sort>\n<id>\nt\n<text>", in base64url, a dot and the
// base64url of the 32-byte HMAC.
constexpr std::size_t kLongestPayload =
    2 + kMaxSortChars + 1 + 20 + 1 + 2 + sdk::kMaxCampaignNameBytes;
constexpr std::size_t base64url_chars(std::size_t bytes) { return (bytes * 4 + 2) / 3; }
static_assert(base64url_chars(kLongestPayload) + 1 + base64url_chars(32) <= kMaxCursorChars,
              "a cursor for the longest campaign name must be one decode() reads");

template <typename T>
std::optional<T> number(std::string_view s) {
  T v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Splits off the text before the next '\n'.
std::optional<std::string_view> take_line(std::string_view& rest) {
  const auto nl = rest.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  auto line = rest.substr(0, nl);
  rest.remove_prefix(nl + 1);
  return line;
}

}  // namespace

bool sorts_before(const SortKey& a, const SortKey& b, bool descending) {
  const bool a_null = a.kind == SortKey::Kind::Null;
  const bool b_null = b.kind == SortKey::Kind::Null;
  if (a_null != b_null) return b_null;
  if (!a_null) {
    int cmp = 0;
    switch (a.kind) {
      case SortKey::Kind::Integer:
        cmp = (a.integer > b.integer) - (a.integer < b.integer);
        break;
      case SortKey::Kind::Real:
        cmp = (a.real > b.real) - (a.real < b.real);
        break;
      case SortKey::Kind::Text:
        cmp = a.text.compare(b.text);
        break;
      case SortKey::Kind::Null:
        break;
    }
    if (cmp != 0) return descending ? cmp > 0 : cmp < 0;
  }
  return a.id < b.id;
}

std::string CursorCodec::mac(std::string_view payload) const {
  return sdk::helpers::hmac_sha256(key_, payload);
}

std::string CursorCodec::encode(std::string_view sort, const SortKey& last) const {
  std::string payload = "1\n" + std::string(sort) + "\n" + std::to_string(last.id) + "\n";
  switch (last.kind) {
    case SortKey::Kind::Null:
      payload += "n\n";
      break;
    case SortKey::Kind::Integer:
      payload += "i\n" + std::to_string(last.integer);
      break;
    case SortKey::Kind::Real: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", last.real);
      payload += "r\n";
      payload += buf;
      break;
    }
    case SortKey::Kind::Text:
      payload += "t\n" + last.text;
      break;
  }
  return sdk::helpers::to_base64url(payload) + "." + sdk::helpers::to_base64url(mac(payload));
}

std::optional<SortKey> CursorCodec::decode(std::string_view sort, std::string_view cursor) const {
  if (cursor.size() > kMaxCursorChars) return std::nullopt;
  const auto dot = cursor.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto payload = sdk::helpers::from_base64url(cursor.substr(0, dot));
  auto signature = sdk::helpers::from_base64url(cursor.substr(dot + 1));
  if (!payload || !signature) return std::nullopt;
  const std::string expected = mac(*payload);
  if (signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  std::string_view rest = *payload;
  auto version = take_line(rest);
  auto sort_line = take_line(rest);
  auto id_line = take_line(rest);
  auto kind_line = take_line(rest);
  if (!version || *version != "1" || !sort_line || *sort_line != sort || !id_line || !kind_line) {
    return std::nullopt;
  }
  SortKey key;
  auto id = number<std::int64_t>(*id_line);
  if (!id) return std::nullopt;
  key.id = *id;
  if (*kind_line == "n") {
    key.kind = SortKey::Kind::Null;
  } else if (*kind_line == "i") {
    auto v = number<std::int64_t>(rest);
    if (!v) return std::nullopt;
    key.kind = SortKey::Kind::Integer;
    key.integer = *v;
  } else if (*kind_line == "r") {
    auto v = number<double>(rest);
    if (!v) return std::nullopt;
    key.kind = SortKey::Kind::Real;
    key.real = *v;
  } else if (*kind_line == "t") {
    key.kind = SortKey::Kind::Text;
    key.text = std::string(rest);
  } else {
    return std::nullopt;
  }
  return key;
}

}  // namespace roi::modules::dashboard

// dashboard.campaigns page cursors: decoding what a client sends (forged, truncated, for another
// sort), payloads signed with the host's key (what a leaked key or a bug in encode could give),
// and encode/decode round trips of keys built from the input, which must come back unchanged.
// Input: sort name == cursor (or signed payload) == text sort value.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>
#include <roi/sdk/model.hpp>

#include "fuzz_support.hpp"
#include "modules/dashboard/page_cursor.hpp"

namespace {

using roi::modules::dashboard::kMaxSortChars;
using roi::modules::dashboard::SortKey;

std::string base64url(std::string_view bytes) {
  std::string s = roi::sdk::helpers::to_base64(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (auto& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

constexpr std::string_view kKey = "cursor-key";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const roi::modules::dashboard::CursorCodec codec{std::string(kKey)};
  const auto f = roi::fuzz::fields(data, size, 3);
  codec.decode(f[0], f[1]);
  codec.decode(f[0], base64url(f[1]) + "." + base64url(roi::sdk::helpers::hmac_sha256(kKey, f[1])));

  std::int64_t bits = 0;
  std::memcpy(&bits, data, std::min(size, sizeof bits));
  double real = 0;
  std::memcpy(&real, &bits, sizeof real);
  const SortKey keys[] = {
      {.kind = SortKey::Kind::Null, .id = bits},
      {.kind = SortKey::Kind::Integer, .integer = bits, .id = -(bits / 2)},
      {.kind = SortKey::Kind::Real, .real = real, .id = bits},
      {.kind = SortKey::Kind::Text, .text = std::string(f[2]), .id = bits},
  };
  for (const auto& key : keys) {
    const auto back = codec.decode(f[0], codec.encode(f[0], key));
    // A sort name with a line break cannot round-trip, nor can what is longer than the host ever
    // encodes (its sort names, and campaign names: a cursor past kMaxCursorChars is refused);
    // every other one must.
    if (f[0].find('\n') != std::string_view::npos || f[0].size() > kMaxSortChars ||
        key.text.size() > roi::sdk::kMaxCampaignNameBytes) {
      continue;
    }
    if (!back || back->kind != key.kind || back->id != key.id || back->integer != key.integer ||
        back->text != key.text ||
        !(back->real == key.real || (std::isnan(back->real) && std::isnan(key.real)))) {
      std::abort();
    }
  }
  return 0;
}

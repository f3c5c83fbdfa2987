// Session tokens as a request brings them: the Cookie header's roi_session value, then the JWT
// check. The second half signs the input's header and claims with the codec's key (HS256), so the
// claim reading behind the signature check is reached too. A token the codec issued must verify.
// Input: Cookie header == JWT header JSON == JWT claims JSON.
#include <cstdlib>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>

#include "auth/session_cookie.hpp"
#include "auth/token_codec.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace std::chrono;

constexpr std::string_view kSecret = "fuzz-secret-fuzz-secret-fuzz-secret!";
const auto kNow = roi::auth::Clock::time_point(seconds(1767225600));

std::string base64url(std::string_view bytes) {
  std::string s = roi::sdk::helpers::to_base64(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (auto& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // One codec per input: its cache of verified tokens would otherwise grow with every input,
  // and libFuzzer would take that for a leak and scan the heap after each one.
  const roi::auth::TokenCodec codec{std::string(kSecret), hours(24)};
  const auto f = roi::fuzz::fields(data, size, 3);
  if (const auto value = roi::auth::session_cookie_value(f[0])) codec.verify(*value, kNow);
  codec.verify(f[0], kNow);

  const std::string unsigned_part = base64url(f[1]) + "." + base64url(f[2]);
  const std::string token =
      unsigned_part + "." + base64url(roi::sdk::helpers::hmac_sha256(kSecret, unsigned_part));
  auto cookie = roi::auth::session_cookie(token, hours(24));
  cookie.resize(cookie.find(';'));  // what the browser sends back: name=value
  if (const auto value = roi::auth::session_cookie_value(cookie)) {
    codec.verify(*value, kNow);
  }
  codec.verify(token, kNow);

  const auto issued = codec.issue(static_cast<std::int64_t>(size) + 1, kNow);
  if (!codec.verify(issued.token, kNow)) std::abort();
  return 0;
}

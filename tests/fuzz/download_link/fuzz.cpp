// Report download links: what a client sends as /api/reports/download/<rest>?<query>, and links
// the host made for ids and times from the input, which must check out until they expire.
// Input: path rest == query string.
#include <cstdlib>
#include <cstring>

#include "fuzz_support.hpp"
#include "modules/reports/download_link.hpp"

using namespace std::chrono;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const roi::modules::reports::DownloadLinks links{"link-key", seconds(3600)};
  const auto now = system_clock::time_point(seconds(1767225600));
  const auto f = roi::fuzz::fields(data, size, 2);
  links.check(f[0], f[1], now);

  std::int64_t ids[2] = {1, 1};
  std::memcpy(ids, data, std::min(size, sizeof ids));
  const roi::modules::reports::LinkClaim claim{ids[0], ids[1]};
  const auto link = links.make(claim, now);
  const auto rest = link.substr(roi::modules::reports::kDownloadPrefix.size());
  const auto q = rest.find('?');
  const auto checked = links.check(rest.substr(0, q), rest.substr(q + 1), now);
  // Ids are positive and at most 18 digits; links for those must be accepted as made.
  const bool valid = claim.report > 0 && claim.user > 0 &&
                     claim.report < 1'000'000'000'000'000'000 &&
                     claim.user < 1'000'000'000'000'000'000;
  if (valid && (!checked.claim || checked.claim->report != claim.report ||
                checked.claim->user != claim.user)) {
    std::abort();
  }
  if (!valid && checked.claim) std::abort();
  return 0;
}

#include "roi/sdk/helpers/paging.hpp"

#include <unordered_set>

#include "roi/sdk/errors.hpp"

namespace roi::sdk::helpers {
namespace {

// Google and Meta both answer an empty page pointing at the same place; a few are normal.
constexpr int kMaxSameCursor = 5;

}  // namespace

std::size_t for_each_page(HostServices& host, std::optional<std::string> start,
                          const PageFetcher& fetch_page, std::size_t max_pages) {
  std::unordered_set<std::string> seen;
  std::optional<std::string> cursor = std::move(start);
  std::size_t pages = 0;
  int same_cursor = 0;
  while (true) {
    if (host.cancelled()) throw transient("the host cancelled the call while paging");
    if (pages == max_pages) {
      throw permanent("the platform sent more than " + std::to_string(max_pages) + " pages");
    }
    std::optional<std::string> next = fetch_page(cursor);
    ++pages;
    if (!next) return pages;
    if (cursor && *next == *cursor) {
      if (++same_cursor > kMaxSameCursor) throw permanent("the platform repeated a page cursor");
      continue;
    }
    same_cursor = 0;
    if (!seen.insert(*next).second) throw permanent("the platform repeated a page cursor");
    cursor = std::move(next);
  }
}

}  // namespace roi::sdk::helpers

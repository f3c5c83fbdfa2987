// The paging loop every platform API needs: follow cursors until the last page, stop when the
// host cancels, and refuse a cursor that repeats (a platform bug that would loop forever).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "roi/sdk/host_services.hpp"

namespace roi::sdk::helpers {

// Fetches one page starting at `cursor` (nullopt: the first page) and returns the next cursor,
// or nullopt after the last page.
using PageFetcher =
    std::function<std::optional<std::string>(const std::optional<std::string>& cursor)>;

// Returns the number of pages fetched. Throws Transient when the host cancels the call and
// Permanent on a repeated cursor or more than `max_pages` pages.
std::size_t for_each_page(HostServices& host, std::optional<std::string> start,
                          const PageFetcher& fetch_page, std::size_t max_pages = 100000);

}  // namespace roi::sdk::helpers

// The paging loop every platform API needs: follow cursors until the last page, stop when the
// host cancels, and refuse a cursor that loops back (a platform bug that would loop forever).
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

// Returns the number of pages fetched. The cursor just fetched may come back a few times in a row
// (an empty page that says "read here again"); an older cursor, or the same one too often, is
// Permanent, as are more than `max_pages` pages. Throws Transient when the host cancels the call.
std::size_t for_each_page(HostServices& host, std::optional<std::string> start,
                          const PageFetcher& fetch_page, std::size_t max_pages = 100000);

}  // namespace roi::sdk::helpers

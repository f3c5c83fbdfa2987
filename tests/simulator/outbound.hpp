// Outbound webhook POSTs from the simulator to a test's endpoint (plain HTTP; the simulator speaks
// no TLS). Platforms sign the body themselves and pass their headers.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace roi::sim {

struct PostResult {
  int status = 0;     // the endpoint's HTTP status; 0: no answer
  std::string error;  // why there was no answer
};

// Blocks for at most a few seconds. `url` is http://host[:port]/path.
PostResult post_json(const std::string& url,
                     const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body);

}  // namespace roi::sim

// Bounded retries inside one call for what a moment's wait fixes (a 500 flake, a cut-off body),
// so one blip does not fail a whole sync. Rate limits and everything else go to the host at once.
#pragma once

#include <chrono>
#include <functional>

#include "roi/sdk/host_services.hpp"

namespace roi::sdk::helpers {

struct RetryPolicy {
  int attempts = 3;                           // tries in all, the first included
  std::chrono::milliseconds first_wait{200};  // doubled after each failed try
};

// Runs `attempt` until it returns without a Transient ConnectorError or the tries run out (then
// the last error propagates). Stops waiting early, and rethrows, once the host cancels the call.
void retry_transient(HostServices& host, const std::function<void()>& attempt,
                     RetryPolicy policy = {});

}  // namespace roi::sdk::helpers

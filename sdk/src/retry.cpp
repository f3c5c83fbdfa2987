#include "roi/sdk/helpers/retry.hpp"

#include <thread>

#include "roi/sdk/errors.hpp"

namespace roi::sdk::helpers {

void retry_transient(HostServices& host, const std::function<void()>& attempt, RetryPolicy policy) {
  auto wait = policy.first_wait;
  for (int tried = 1;; ++tried) {
    try {
      attempt();
      return;
    } catch (const ConnectorError& e) {
      if (e.kind() != ErrorKind::Transient || tried >= policy.attempts || host.cancelled()) throw;
      host.log(LogLevel::Info, std::string("retrying after a transient failure: ") + e.what());
    }
    // Sleep in slices so a cancelled call does not linger for the whole wait.
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until && !host.cancelled()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    wait *= 2;
  }
}

}  // namespace roi::sdk::helpers

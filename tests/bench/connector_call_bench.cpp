// roi-connector-bench <plugins-dir> <calls> <syncs>: the cost of the plugin boundary itself.
// Times <calls> no-op calls (list_accounts of the stamped test connector) and <syncs> syncs of
// five years from the example connector (records streamed into a counting sink), through the
// host's own PluginHost and ConnectorClient, and prints one line of µs per call and records/s.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "plugins/plugin_host.hpp"

namespace {

using namespace roi;
using Clock = std::chrono::steady_clock;

struct CountingSink final : sdk::RecordSink {
  long records = 0;
  void campaign(const sdk::Campaign&) noexcept override { ++records; }
  void daily_metric(const sdk::DailyMetric&) noexcept override { ++records; }
  void order(const sdk::Order&) noexcept override { ++records; }
  void checkpoint(std::string_view) noexcept override {}
  void progress(const sdk::Progress&) noexcept override {}
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: roi-connector-bench <plugins-dir> <calls> <syncs>\n");
    return 2;
  }
  const long calls = std::atol(argv[2]);
  const long syncs = std::atol(argv[3]);
  observability::Logger log(observability::Level::Warn);
  observability::Registry metrics;
  const plugins::PluginSettings settings{.dir = argv[1],
                                         .watch = false,
                                         .load_timeout_ms = 10000,
                                         .call_timeout_ms = 20000,
                                         .sync_timeout_ms = 60000,
                                         .max_workers = 4,
                                         .worker_path = ROI_WORKER_BIN};
  plugins::PluginHost host(settings, log, metrics);
  host.start();

  const sdk::Credentials credentials{"token", "", std::nullopt, "", ""};
  auto stamped = host.client("stamped");
  stamped.list_accounts(credentials);  // warm: the first call may start things
  auto started = Clock::now();
  for (long i = 0; i < calls; ++i) stamped.list_accounts(credentials);
  const double call_us = seconds_since(started) * 1e6 / static_cast<double>(calls);

  auto example = host.client("example");
  const auto account = example.list_accounts(credentials).at(0).id;
  using namespace std::chrono;
  const sdk::SyncRequest request{credentials, account, 2020y / 1 / 1, 2024y / 12 / 31, {}};
  CountingSink sink;
  started = Clock::now();
  for (long i = 0; i < syncs; ++i) example.sync(request, sink);
  const double sync_s = seconds_since(started);

  std::printf("noop_call_us=%.2f sync_records=%ld sync_records_per_s=%.0f\n", call_us, sink.records,
              static_cast<double>(sink.records) / sync_s);
  return 0;
}

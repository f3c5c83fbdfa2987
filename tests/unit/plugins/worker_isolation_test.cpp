// Connector code that crashes, exits, hangs, eats memory or writes garbage on its socket, run in
// real workers: each fault fails the one call it happened in, with a kind and message users can
// read, the worker is reaped and replaced, and nothing of it reaches the host's process.
#include <cppunit/extensions/HelperMacros.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "plugins/plugin_host.hpp"

using namespace roi;
using plugins::CallError;

namespace {

namespace fs = std::filesystem;

struct NullSink final : sdk::RecordSink {
  void campaign(const sdk::Campaign&) noexcept override {}
  void daily_metric(const sdk::DailyMetric&) noexcept override {}
  void order(const sdk::Order&) noexcept override {}
  void checkpoint(std::string_view) noexcept override {}
  void progress(const sdk::Progress&) noexcept override {}
};

struct Failure {
  CallError::Kind kind;
  std::string message;
};

template <typename F>
Failure failure_of(F f) {
  try {
    f();
  } catch (const CallError& e) {
    return {e.kind(), e.what()};
  }
  CPPUNIT_FAIL("the call succeeded");
  return {};
}

class WorkerIsolationTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WorkerIsolationTest);
  CPPUNIT_TEST(a_segfault_fails_only_the_call_it_happened_in);
  CPPUNIT_TEST(abort_and_exit_end_one_call_each);
  CPPUNIT_TEST(unbounded_allocation_stops_at_the_memory_limit);
  CPPUNIT_TEST(a_crash_while_loading_is_a_refusal);
  CPPUNIT_TEST(garbage_on_the_socket_kills_the_worker_and_fails_the_call_as_invalid_output);
  CPPUNIT_TEST(a_call_waits_for_a_free_worker_only_until_its_deadline);
  CPPUNIT_TEST(workers_start_without_the_hosts_environment_descriptors_or_root);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    char pattern[] = "/tmp/roi-worker-test.XXXXXX";
    dir_ = mkdtemp(pattern);
    settings_ = {.dir = dir_.string(),
                 .watch = false,
                 .load_timeout_ms = 2000,
                 .call_timeout_ms = 1000,
                 .sync_timeout_ms = 1000,
                 .max_workers = 2,
                 .worker_memory_mb = 256,
                 .worker_path = ROI_WORKER_BIN};
  }
  void tearDown() override { fs::remove_all(dir_); }

  void a_segfault_fails_only_the_call_it_happened_in() {
    for (const std::string where : {"describe", "start_oauth", "sync", "parse_webhook"}) {
      auto host = host_with("segv:" + where);
      auto c = host->client("stamped");
      const auto crash = failure_of([&] { call(c, where); });
      CPPUNIT_ASSERT(crash.kind == CallError::Kind::Crashed);
      CPPUNIT_ASSERT_EQUAL(std::string("The stamped connector crashed (signal 11)"), crash.message);
      // The next call gets a new worker (after the backoff) and the other operations work.
      CPPUNIT_ASSERT_EQUAL(std::size_t{1},
                           c.list_accounts({"token", "", std::nullopt, "", ""}).size());
      CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, host->files().at(0).serving->workers().deaths());
    }
  }

  void abort_and_exit_end_one_call_each() {
    auto host = host_with("abort:start_oauth");
    auto c = host->client("stamped");
    CPPUNIT_ASSERT_EQUAL(std::string("The stamped connector crashed (signal 6)"),
                         failure_of([&] { call(c, "start_oauth"); }).message);
    host = host_with("exit:list_accounts");
    auto d = host->client("stamped");
    CPPUNIT_ASSERT_EQUAL(std::string("The stamped connector exited (status 3)"),
                         failure_of([&] { call(d, "list_accounts"); }).message);
  }

  void unbounded_allocation_stops_at_the_memory_limit() {
#ifdef ROI_SANITIZE
    // AddressSanitizer's shadow memory cannot live under RLIMIT_AS, so a sanitizer build's worker
    // has no memory limit (worker/src/main.cpp) and nothing here would stop the allocation.
    std::fputs(
        "SKIPPED unbounded_allocation_stops_at_the_memory_limit: sanitizer build, "
        "the worker runs without its address-space limit\n",
        stderr);
    return;
#endif
    // Touching 256 MB takes a while on a busy machine: the deadline must not be what ends it.
    settings_.call_timeout_ms = 60000;
    auto host = host_with("oom:start_oauth");
    auto c = host->client("stamped");
    // The worker's allocations fail at 256 MB; the SDK reports that as a transient error.
    const auto oom = failure_of([&] { call(c, "start_oauth"); });
    CPPUNIT_ASSERT(oom.kind == CallError::Kind::Transient);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1},
                         c.list_accounts({"token", "", std::nullopt, "", ""}).size());
  }

  void a_crash_while_loading_is_a_refusal() {
    for (const std::string where : {"ctor", "load"}) {
      auto host = host_with("segv:" + where);
      CPPUNIT_ASSERT(host->connectors().empty());
      const auto refusal = host->files().at(0).last_refusal;
      CPPUNIT_ASSERT(refusal);
      CPPUNIT_ASSERT_EQUAL(std::string("load_failed"), refusal->reason);
      CPPUNIT_ASSERT_EQUAL(std::string("the library crashed (signal 11) while loading"),
                           refusal->message);
    }
  }

  void garbage_on_the_socket_kills_the_worker_and_fails_the_call_as_invalid_output() {
    auto host = host_with("garble:list_accounts");
    auto c = host->client("stamped");
    const auto bad = failure_of([&] { call(c, "list_accounts"); });
    CPPUNIT_ASSERT(bad.kind == CallError::Kind::InvalidOutput);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, host->files().at(0).serving->workers().deaths());
    CPPUNIT_ASSERT_EQUAL(std::string("https://stamped.invalid/1.0.0/authorize?state=s"),
                         c.start_oauth({"https://app/cb", "s", {}}).authorize_url);
  }

  void a_call_waits_for_a_free_worker_only_until_its_deadline() {
    settings_.max_workers = 1;
    settings_.call_timeout_ms = 200;
    settings_.sync_timeout_ms = 5000;
    auto host = host_with("hang:sync");
    auto c = host->client("stamped");
    std::atomic<bool> syncing{true};
    std::thread holder([&] {
      failure_of([&] { call(c, "sync"); });
      syncing = false;
    });
    // Once the sync holds the only worker, a call waits for it until its own deadline.
    std::optional<Failure> refused;
    while (syncing && !refused) {
      try {
        c.list_accounts({"token", "", std::nullopt, "", ""});
      } catch (const CallError& e) {
        refused = Failure{e.kind(), e.what()};
      }
    }
    holder.join();
    CPPUNIT_ASSERT(refused);
    CPPUNIT_ASSERT(refused->kind == CallError::Kind::Overloaded);
    CPPUNIT_ASSERT(host->files().at(0).serving->workers().workers() <= 1);
  }

  void workers_start_without_the_hosts_environment_descriptors_or_root() {
    ::setenv("JWT_SECRET", "the-host-secret-that-no-worker-may-see-0123456789", 1);
    auto host = host_with("");
    ::unsetenv("JWT_SECRET");
    const pid_t worker = only_worker();
    std::ifstream environ("/proc/" + std::to_string(worker) + "/environ");
    CPPUNIT_ASSERT_EQUAL(std::string(), std::string(std::istreambuf_iterator<char>(environ), {}));
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(worker) + "/fd")) {
      const std::string target = fs::read_symlink(fd.path()).string();
      // stdout and stderr are the pipe the host logs from.
      const std::string name = fd.path().filename().string();
      const bool output = name == "1" || name == "2";
      CPPUNIT_ASSERT_MESSAGE(name + " " + target,
                             output ? target.rfind("pipe:", 0) == 0
                                    : target == "/dev/null" || target.rfind("socket:", 0) == 0);
    }
    if (::geteuid() == 0)
      CPPUNIT_ASSERT(status_line(worker, "Uid:").find("\t0\t") == std::string::npos);
  }

 private:
  // The stamped test connector with `fault` in its fault slot, served by a new host.
  std::unique_ptr<plugins::PluginHost> host_with(const std::string& fault) {
    std::ifstream in(ROI_FAKE_CONNECTOR_DIR "/stamped_connector.so", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    const std::string marker = "ROI-FAULT-SLOT:";
    const auto at = bytes.find(marker);
    CPPUNIT_ASSERT(at != std::string::npos);
    std::string slot(48 - marker.size() - 1, '\0');
    slot.replace(0, fault.size(), fault);
    bytes.replace(at + marker.size(), slot.size(), slot);
    std::ofstream(dir_ / ".incoming", std::ios::binary) << bytes;
    fs::rename(dir_ / ".incoming", dir_ / "stamped.so");
    auto host = std::make_unique<plugins::PluginHost>(settings_, log_, metrics_);
    host->start();
    return host;
  }

  static void call(plugins::ConnectorClient& c, const std::string& op) {
    NullSink sink;
    using namespace std::chrono;
    const sdk::Credentials creds{"token", "", std::nullopt, "", ""};
    if (op == "describe") c.describe();
    if (op == "start_oauth") c.start_oauth({"https://app/cb", "state", {}});
    if (op == "list_accounts") c.list_accounts(creds);
    if (op == "sync") c.sync({creds, "st-1", 2024y / 1 / 1, 2024y / 1 / 2, {}}, sink);
    if (op == "parse_webhook") c.parse_webhook({{}, "body"});
  }

  static std::string status_line(pid_t pid, const std::string& key) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind(key, 0) == 0) return line;
    }
    return "";
  }

  // The one child of this process that is a connector worker.
  static pid_t only_worker() {
    pid_t found = 0;
    for (const auto& entry : fs::directory_iterator("/proc")) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      const pid_t pid = std::stoi(name);
      if (status_line(pid, "PPid:") != "PPid:\t" + std::to_string(::getpid())) continue;
      if (status_line(pid, "Name:") != "Name:\troi-connector-w") continue;
      CPPUNIT_ASSERT_EQUAL(pid_t{0}, found);
      found = pid;
    }
    CPPUNIT_ASSERT(found != 0);
    return found;
  }

  fs::path dir_;
  plugins::PluginSettings settings_;
  observability::Logger log_{observability::Level::Error};
  observability::Registry metrics_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkerIsolationTest);

}  // namespace

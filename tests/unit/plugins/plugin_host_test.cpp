// The plugin host against real libraries built for the tests, run in real workers: loading,
// refusals, swaps that keep pinned calls on the old version, rescans that leave unchanged files
// alone, and connector faults (exceptions, garbage, hangs) as typed CallErrors.
#include "plugins/plugin_host.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <string>
#include <vector>

using namespace roi;
using plugins::CallError;

namespace {

namespace fs = std::filesystem;

struct NullSink final : sdk::RecordSink {
  int records = 0;
  void campaign(const sdk::Campaign&) noexcept override { ++records; }
  void daily_metric(const sdk::DailyMetric&) noexcept override { ++records; }
  void order(const sdk::Order&) noexcept override { ++records; }
  void checkpoint(std::string_view) noexcept override {}
  void progress(const sdk::Progress&) noexcept override {}
};

class PluginHostTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PluginHostTest);
  CPPUNIT_TEST(loads_every_library_in_the_folder_at_start);
  CPPUNIT_TEST(refuses_wrong_abi_without_touching_the_rest_of_the_library);
  CPPUNIT_TEST(refuses_a_file_that_is_not_a_library);
  CPPUNIT_TEST(refuses_a_connector_whose_description_fails_its_check);
  CPPUNIT_TEST(refused_new_version_leaves_the_old_one_serving);
  CPPUNIT_TEST(swap_keeps_pinned_calls_on_the_old_version_and_unloads_it_after);
  CPPUNIT_TEST(removed_file_retires_its_connector);
  CPPUNIT_TEST(rescan_starts_no_worker_for_content_already_serving_or_refused);
  CPPUNIT_TEST(exceptions_from_every_call_become_fault_errors);
  CPPUNIT_TEST(a_hanging_call_times_out_and_its_worker_is_replaced);
  CPPUNIT_TEST(garbage_answers_become_invalid_output_errors);
  CPPUNIT_TEST(example_connector_syncs_records_with_checkpoints);
  CPPUNIT_TEST(settings_are_answered_from_file_environment_and_declared_defaults);
  CPPUNIT_TEST(unknown_file_settings_refuse_the_load_and_a_reload_retries_it);
  CPPUNIT_TEST(reload_swaps_in_changed_settings_for_the_same_library);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    char pattern[] = "/tmp/roi-plugin-test.XXXXXX";
    dir_ = mkdtemp(pattern);
    settings_ = {.dir = dir_.string(),
                 .watch = false,
                 .load_timeout_ms = 2000,
                 .call_timeout_ms = 1000,
                 .sync_timeout_ms = 1000,
                 .max_workers = 2,
                 .worker_path = ROI_WORKER_BIN};
  }
  void tearDown() override { fs::remove_all(dir_); }

  // The example's authorize URL shows what its settings were when it was loaded.
  void settings_are_answered_from_file_environment_and_declared_defaults() {
    drop(ROI_CONNECTOR_DIR "/example_connector.so", "example.so");
    sources_.file["example"]["client_id"] = "from-file";
    sources_.file["example"]["client_secret"] = "secret";
    sources_.file["example"]["authorize_url"] = "https://file.example/auth";
    sources_.environment["ROI_CONNECTOR_EXAMPLE_CLIENT_ID"] = "from-env";
    auto host = make_host();
    const auto url = host->client("example").start_oauth({"https://app/cb", "s", {}}).authorize_url;
    CPPUNIT_ASSERT_MESSAGE(url, url.starts_with("https://file.example/auth?"));
    CPPUNIT_ASSERT_MESSAGE(url, url.find("client_id=from-env") != std::string::npos);
  }

  void unknown_file_settings_refuse_the_load_and_a_reload_retries_it() {
    drop(ROI_CONNECTOR_DIR "/example_connector.so", "example.so");
    sources_.file["example"]["clientid"] = "typo";
    auto host = make_host();
    CPPUNIT_ASSERT(host->connectors().empty());
    CPPUNIT_ASSERT_EQUAL(std::string("settings_invalid"), refusal(*host, "example.so"));
    for (const auto& f : host->files()) {
      CPPUNIT_ASSERT(f.last_refusal->message.find("clientid") != std::string::npos);
      CPPUNIT_ASSERT(f.last_refusal->message.find("typo") == std::string::npos);
    }
    sources_.file.clear();
    CPPUNIT_ASSERT_EQUAL(1, host->reload().loaded);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, host->connectors().size());
  }

  void reload_swaps_in_changed_settings_for_the_same_library() {
    drop(ROI_CONNECTOR_DIR "/example_connector.so", "example.so");
    sources_.file["example"]["client_id"] = "first";
    sources_.file["example"]["client_secret"] = "secret";
    auto host = make_host();
    auto pinned = host->client("example");
    CPPUNIT_ASSERT_EQUAL(1, host->reload().unchanged);
    sources_.file["example"]["client_id"] = "second";
    CPPUNIT_ASSERT_EQUAL(1, host->reload().swapped);
    const auto now = host->client("example").start_oauth({"https://app/cb", "s", {}}).authorize_url;
    CPPUNIT_ASSERT_MESSAGE(now, now.find("client_id=second") != std::string::npos);
    // Unset in every source: the default the connector declared.
    CPPUNIT_ASSERT_MESSAGE(now, now.starts_with("https://example.invalid/oauth/authorize?"));
    // A call pinned to the old version keeps the settings it was loaded with.
    const auto old = pinned.start_oauth({"https://app/cb", "s", {}}).authorize_url;
    CPPUNIT_ASSERT_MESSAGE(old, old.find("client_id=first") != std::string::npos);
  }

  void loads_every_library_in_the_folder_at_start() {
    drop(ROI_CONNECTOR_DIR "/example_connector.so", "example.so");
    drop(ROI_FAKE_CONNECTOR_DIR "/stamped_connector.so", "stamped.so");
    auto host = make_host();
    auto list = host->connectors();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, list.size());
    CPPUNIT_ASSERT_EQUAL(std::string("example"), list[0].id);
    CPPUNIT_ASSERT_EQUAL(std::string("stamped"), list[1].id);
    CPPUNIT_ASSERT_EQUAL(std::string("1.0.0"), host->client("stamped").describe().version);
  }

  void refuses_wrong_abi_without_touching_the_rest_of_the_library() {
    // Its connector table aborts the process when read: passing means only the version was read.
    drop(ROI_FAKE_CONNECTOR_DIR "/wrong_abi_connector.so", "old.so");
    auto host = make_host();
    CPPUNIT_ASSERT(host->connectors().empty());
    CPPUNIT_ASSERT_EQUAL(std::string("wrong_abi"), refusal(*host, "old.so"));
  }

  void refuses_a_file_that_is_not_a_library() {
    std::ofstream(dir_ / "broken.so") << "not an ELF file at all";
    auto host = make_host();
    CPPUNIT_ASSERT_EQUAL(std::string("load_failed"), refusal(*host, "broken.so"));
  }

  void refuses_a_connector_whose_description_fails_its_check() {
    drop(ROI_FAKE_CONNECTOR_DIR "/bad_description_connector.so", "bad.so");
    auto host = make_host();
    CPPUNIT_ASSERT(host->connectors().empty());
    CPPUNIT_ASSERT_EQUAL(std::string("check_failed"), refusal(*host, "bad.so"));
  }

  void refused_new_version_leaves_the_old_one_serving() {
    drop(ROI_FAKE_CONNECTOR_DIR "/stamped_connector.so", "stamped.so");
    auto host = make_host();
    drop(ROI_FAKE_CONNECTOR_DIR "/wrong_abi_connector.so", "stamped.so");
    CPPUNIT_ASSERT_EQUAL(1, host->reload().refused);
    CPPUNIT_ASSERT_EQUAL(std::string("stamped"), host->client("stamped").describe().id);
    CPPUNIT_ASSERT_EQUAL(std::string("wrong_abi"), refusal(*host, "stamped.so"));
  }

  void swap_keeps_pinned_calls_on_the_old_version_and_unloads_it_after() {
    drop(ROI_CONNECTOR_DIR "/example_connector.so", "x.so");
    auto host = make_host();
    const int before = plugins::LoadedConnector::libraries_loaded();
    const int workers_before = plugins::WorkerProcess::running();
    {
      auto pinned = host->client("example");
      drop(ROI_FAKE_CONNECTOR_DIR "/stamped_connector.so", "x.so");
      CPPUNIT_ASSERT_EQUAL(1, host->reload().swapped);
      // The pinned client still reaches the old library, which stays mapped for it.
      CPPUNIT_ASSERT_EQUAL(std::string("example"), pinned.describe().id);
      CPPUNIT_ASSERT_EQUAL(before + 1, plugins::LoadedConnector::libraries_loaded());
      CPPUNIT_ASSERT_EQUAL(std::string("stamped"), host->connectors().at(0).id);
    }
    CPPUNIT_ASSERT_EQUAL(before, plugins::LoadedConnector::libraries_loaded());
    // The old version's worker ended with it; the new version's first worker serves on.
    CPPUNIT_ASSERT_EQUAL(workers_before, plugins::WorkerProcess::running());
  }

  void removed_file_retires_its_connector() {
    drop(ROI_FAKE_CONNECTOR_DIR "/stamped_connector.so", "stamped.so");
    auto host = make_host();
    fs::remove(dir_ / "stamped.so");
    CPPUNIT_ASSERT_EQUAL(1, host->reload().retired);
    CPPUNIT_ASSERT(kind_of([&] { host->client("stamped"); }) == CallError::Kind::Unavailable);
  }

  void rescan_starts_no_worker_for_content_already_serving_or_refused() {
    drop(ROI_FAKE_CONNECTOR_DIR "/stamped_connector.so", "stamped.so");
    std::ofstream(dir_ / "broken.so") << "not an ELF file at all";
    auto host = make_host();
    const auto started = worker_starts();

    const auto rescan = host->reload();
    CPPUNIT_ASSERT_EQUAL(2, rescan.unchanged);
    CPPUNIT_ASSERT_EQUAL(started, worker_starts());

    // New content gets a worker, and is seen to: the count above could have seen one.
    drop(ROI_CONNECTOR_DIR "/example_connector.so", "stamped.so");
    CPPUNIT_ASSERT_EQUAL(1, host->reload().swapped);
    CPPUNIT_ASSERT_EQUAL(started + 1, worker_starts());
    CPPUNIT_ASSERT_EQUAL(std::string("example"), host->connectors().at(0).id);
  }

  void exceptions_from_every_call_become_fault_errors() {
    drop(ROI_FAKE_CONNECTOR_DIR "/fault_throws_connector.so", "f.so");
    auto host = make_host();
    auto c = host->client("fault-throws");
    for (auto kind : every_call(c)) CPPUNIT_ASSERT(kind == CallError::Kind::Fault);
  }

  void a_hanging_call_times_out_and_its_worker_is_replaced() {
    drop(ROI_FAKE_CONNECTOR_DIR "/fault_hangs_connector.so", "h.so");
    auto host = make_host();
    auto c = host->client("fault-hangs");
    const int threads = thread_count();
    for (int i = 0; i < 3; ++i) {
      const auto started = std::chrono::steady_clock::now();
      CPPUNIT_ASSERT(kind_of([&] { c.list_accounts({}); }) == CallError::Kind::Timeout);
      CPPUNIT_ASSERT(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    }
    // Each hung worker was killed and reaped, no thread was left behind, and the version still
    // holds at most its two workers.
    CPPUNIT_ASSERT_EQUAL(threads, thread_count());
    CPPUNIT_ASSERT(host->files().at(0).serving->workers().workers() <= 2);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{3}, host->files().at(0).serving->workers().deaths());
  }

  void garbage_answers_become_invalid_output_errors() {
    drop(ROI_FAKE_CONNECTOR_DIR "/fault_garbage_connector.so", "g.so");
    auto host = make_host();
    auto c = host->client("fault-garbage");
    for (auto kind : every_call(c)) CPPUNIT_ASSERT(kind == CallError::Kind::InvalidOutput);
  }

  void example_connector_syncs_records_with_checkpoints() {
    drop(ROI_CONNECTOR_DIR "/example_connector.so", "example.so");
    auto host = make_host();
    auto c = host->client("example");
    auto accounts = c.list_accounts({"token", "", std::nullopt, "", ""});
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, accounts.size());
    NullSink sink;
    using namespace std::chrono;
    c.sync({{"token", "", std::nullopt, "", ""}, accounts[0].id, 2024y / 1 / 1, 2024y / 1 / 31, {}},
           sink);
    CPPUNIT_ASSERT_EQUAL(2 + 31 * 2, sink.records);  // two campaigns, two metrics a day
    CPPUNIT_ASSERT(kind_of([&] { c.list_accounts({}); }) == CallError::Kind::NeedsReauth);
  }

 private:
  void drop(const std::string& from, const std::string& as) {
    fs::copy_file(from, dir_ / ".incoming", fs::copy_options::overwrite_existing);
    fs::rename(dir_ / ".incoming", dir_ / as);
  }

  std::unique_ptr<plugins::PluginHost> make_host() {
    auto host = std::make_unique<plugins::PluginHost>(settings_, log_, metrics_,
                                                      [this] { return sources_; });
    host->start();
    return host;
  }

  std::uint64_t worker_starts() {
    return metrics_.counter("roi_plugin_worker_starts_total", "").value();
  }

  static int thread_count() {
    return static_cast<int>(
        std::distance(fs::directory_iterator("/proc/self/task"), fs::directory_iterator{}));
  }

  static std::string refusal(const plugins::PluginHost& host, const std::string& file) {
    for (const auto& f : host.files()) {
      if (f.file == file && f.last_refusal) return f.last_refusal->reason;
    }
    return "(none)";
  }

  template <typename F>
  static CallError::Kind kind_of(F f) {
    try {
      f();
    } catch (const CallError& e) {
      return e.kind();
    }
    CPPUNIT_FAIL("the call succeeded");
    return CallError::Kind::Fault;
  }

  static std::vector<CallError::Kind> every_call(plugins::ConnectorClient& c) {
    NullSink sink;
    const sdk::Credentials creds{"token", "", std::nullopt, "", ""};
    using namespace std::chrono;
    const sdk::SyncRequest sync{creds, "a1", 2024y / 1 / 1, 2024y / 1 / 2, {}};
    return {kind_of([&] { c.describe(); }),
            kind_of([&] {
              c.start_oauth({"https://app/cb", "state", {}});
            }),
            kind_of([&] {
              c.finish_oauth({"https://app/cb", "code", {}});
            }),
            kind_of([&] { c.refresh_credentials(creds); }),
            kind_of([&] { c.list_accounts(creds); }),
            kind_of([&] { c.sync(sync, sink); })};
  }

  fs::path dir_;
  plugins::PluginSettings settings_;
  plugins::SettingSources sources_;  // what the host reads at each load; tests change it
  observability::Logger log_{observability::Level::Error};
  observability::Registry metrics_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PluginHostTest);

}  // namespace

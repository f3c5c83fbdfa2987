// A connector whose id, version and misbehaviour are fixed-size slots in its own file: the tests
// stamp copies of one build (fifty versions for the swap test; an id the OAuth routes know, and a
// fault for the isolation tests) instead of compiling each.
//
// The fault slot holds "<how>:<where>". how: segv, abort, exit (status 3), hang (ignores
// cancellation), oom (allocates and touches memory without bound), throw, garble (writes a frame
// header claiming 2 GiB straight onto the worker's socket, as hostile code could), print (writes
// what a broken connector may print, see print_hostile_output, and goes on), report (prints the
// first lines of an AddressSanitizer report and exits with status 1, as ASan does). where: ctor (a
// library constructor), load (the first describe in a process, which the host asks at load),
// describe (any later one), start_oauth, finish_oauth, list_accounts, sync, parse_webhook.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <roi/sdk/export.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using namespace roi::sdk;

// "<marker>" then the value, NUL-padded to the end; volatile so it is read, not folded.
extern "C" __attribute__((used)) volatile const char roi_version_slot[48] =
    "ROI-VERSION-SLOT:1.0.0";
extern "C" __attribute__((used)) volatile const char roi_id_slot[48] = "ROI-ID-SLOT:stamped";
extern "C" __attribute__((used)) volatile const char roi_fault_slot[48] = "ROI-FAULT-SLOT:";

template <std::size_t N>
std::string slot(const volatile char (&bytes)[N]) {
  std::string out;
  std::size_t i = 0;
  while (i < N && bytes[i] != ':') ++i;
  for (++i; i < N && bytes[i] != '\0'; ++i) out.push_back(bytes[i]);
  return out;
}

volatile int* volatile g_nowhere = nullptr;

// A null dereference as a third party's connector, built without our sanitizers, does it: in the
// sanitizer build UBSan would stop it first and the worker would exit with status 1, not the
// SIGSEGV the isolation tests are about. Not inlined: GCC inlines it into an instrumented caller
// and instruments it there, attribute or not.
__attribute__((noinline, no_sanitize("null"))) void dereference_null() { *g_nowhere = 1; }

// Lines the print fault floods stderr with, after its other lines.
constexpr int kFloodLines = 20000;

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// On stdout, a line; on stderr, a line of 100,000 bytes, a line of every byte but the newline (so
// invalid UTF-8, NUL, escapes, quotes and backslashes), kFloodLines numbered lines, and a last
// line without its newline.
void print_hostile_output() {
  std::printf("stamped says hello on stdout\n");
  std::fflush(stdout);
  write_all(2, "long " + std::string(100000, 'x') + "\n");
  std::string garbage = "garbage ";
  for (int b = 0; b < 256; ++b) {
    if (b != '\n') garbage.push_back(static_cast<char>(b));
  }
  write_all(2, garbage + "\n");
  std::string flood;
  for (int i = 0; i < kFloodLines; ++i) flood += "flood " + std::to_string(i) + "\n";
  write_all(2, flood);
  write_all(2, "no newline at the end");
}

void misbehave_at(const std::string& where) {
  const std::string fault = slot(roi_fault_slot);
  const auto colon = fault.find(':');
  if (colon == std::string::npos || fault.substr(colon + 1) != where) return;
  const std::string how = fault.substr(0, colon);
  if (how == "segv") dereference_null();
  if (how == "abort") std::abort();
  if (how == "exit") std::exit(3);
  if (how == "hang") std::this_thread::sleep_for(std::chrono::hours(24));
  if (how == "oom") {
    std::vector<std::unique_ptr<char[]>> hoard;
    for (;;) {
      hoard.push_back(std::make_unique<char[]>(16u << 20));
      std::memset(hoard.back().get(), 1, 16u << 20);
    }
  }
  if (how == "throw") throw std::runtime_error("stamped fault at " + where);
  if (how == "print") print_hostile_output();
  if (how == "report") {
    const std::string pid = std::to_string(::getpid());
    write_all(2, "==" + pid + "==ERROR: AddressSanitizer: planted by the stamped test connector\n" +
                     "    #0 0x0 in misbehave_at stamped_connector.cpp\n");
    std::_Exit(1);
  }
  if (how == "garble") {
    const unsigned char header[] = {0xff, 0xff, 0xff, 0x7f, 0x01};
    [[maybe_unused]] const auto n = ::write(3, header, sizeof header);
  }
}

__attribute__((constructor)) void on_library_load() { misbehave_at("ctor"); }

class StampedConnector final : public Connector {
 public:
  Description describe() const override {
    misbehave_at(described_++ == 0 ? "load" : "describe");
    return {slot(roi_id_slot),
            "Stamped Test Connector",
            slot(roi_version_slot),
            {Capability::Ads},
            {ConnectMethod::OAuth2}};
  }
  OAuthStart start_oauth(HostServices&, const OAuthStartRequest& r) override {
    misbehave_at("start_oauth");
    return {"https://stamped.invalid/" + slot(roi_version_slot) + "/authorize?state=" + r.state};
  }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest& r) override {
    misbehave_at("finish_oauth");
    return {"token-" + r.code, "refresh", std::nullopt, "", ""};
  }
  Credentials refresh_credentials(HostServices&, const Credentials& c) override { return c; }
  std::vector<Account> list_accounts(HostServices&, const Credentials&) override {
    misbehave_at("list_accounts");
    return {{"st-1", "Stamped", "USD", "UTC"}};
  }
  void sync(HostServices&, const SyncRequest& r, RecordSink& sink) override {
    sink.campaign({r.account_id, "c1", "Campaign", CampaignStatus::Active});
    misbehave_at("sync");
    sink.checkpoint("done");
  }
  bool accepts_webhooks() const override { return true; }
  bool verify_webhook(HostServices&, const WebhookRequest&) override { return true; }
  std::vector<WebhookEvent> parse_webhook(HostServices&, const WebhookRequest&) override {
    misbehave_at("parse_webhook");
    return {{"evt-1", "test", "st-1"}};
  }

 private:
  mutable std::atomic<int> described_{0};
};

}  // namespace

ROI_SDK_CONNECTOR(StampedConnector);

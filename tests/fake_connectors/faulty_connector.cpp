// Connectors that pass their load check and then misbehave in every call: FAULT_throws throws
// (a type only this library knows, or std::runtime_error), FAULT_hangs never returns,
// FAULT_garbage answers values the host must refuse.
#include <atomic>
#include <roi/sdk/export.hpp>
#include <thread>

namespace {

using namespace roi::sdk;

struct OnlyThisLibraryKnowsMe {
  int code = 42;
};

#if defined(FAULT_throws)
constexpr const char* kId = "fault-throws";
template <typename T>
T misbehave(T) {
  throw OnlyThisLibraryKnowsMe{};
}
#elif defined(FAULT_hangs)
constexpr const char* kId = "fault-hangs";
template <typename T>
T misbehave(T value) {
  // Ignores cancellation on purpose: the host must cope with code that never comes back.
  std::this_thread::sleep_for(std::chrono::hours(24));
  return value;
}
#elif defined(FAULT_garbage)
constexpr const char* kId = "fault-garbage";
template <typename T>
T misbehave(T value) {
  return value;
}
#endif

class FaultyConnector final : public Connector {
 public:
  Description describe() const override {
    Description honest{kId, "Faulty Test Connector", "1.0.0", {Capability::Ads}};
    if (described_++ == 0) return honest;  // the load check sees a well-behaved connector
    return misbehave(Description{kId, "\xff\xfe not UTF-8", "1.0.0", {Capability::Ads}});
  }
  OAuthStart start_oauth(HostServices&, const OAuthStartRequest&) override {
    return misbehave(OAuthStart{"javascript:alert(1)"});
  }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest&) override {
    return misbehave(Credentials{"", "", std::nullopt, "", ""});
  }
  Credentials refresh_credentials(HostServices&, const Credentials&) override {
    return misbehave(Credentials{"tok\nen", "", std::nullopt, "", ""});
  }
  std::vector<Account> list_accounts(HostServices&, const Credentials&) override {
    if (std::string_view(kId) == "fault-throws") throw std::runtime_error("list exploded");
    return misbehave(std::vector<Account>{{"a1", "Account", "dollars", "UTC"}});
  }
  void sync(HostServices&, const SyncRequest& r, RecordSink& sink) override {
    DailyMetric m{r.account_id, "c1", r.from, -5, 1, {1, "USD"}, 0, {0, "USD"}};
    sink.daily_metric(misbehave(m));
  }

 private:
  mutable std::atomic<int> described_{0};
};

}  // namespace

ROI_SDK_CONNECTOR(FaultyConnector);

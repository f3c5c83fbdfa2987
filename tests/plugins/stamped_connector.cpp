// A connector whose version is a fixed-size slot in its own file: the swap test stamps fifty
// versions into copies of one build instead of compiling fifty times.
#include <roi/sdk/export.hpp>

namespace {

using namespace roi::sdk;

// "ROI-VERSION-SLOT:" then the version, NUL-padded to the end; volatile so it is read, not folded.
extern "C" __attribute__((used)) volatile const char roi_version_slot[48] = "ROI-VERSION-SLOT:1.0.0";

std::string stamped_version() {
  std::string out;
  for (std::size_t i = 17; i < sizeof roi_version_slot && roi_version_slot[i] != '\0'; ++i) {
    out.push_back(roi_version_slot[i]);
  }
  return out;
}

class StampedConnector final : public Connector {
 public:
  Description describe() const override {
    return {"stamped", "Stamped Test Connector", stamped_version(), {Capability::Ads}};
  }
  OAuthStart start_oauth(HostServices&, const OAuthStartRequest& r) override {
    return {"https://stamped.invalid/authorize?state=" + r.state};
  }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest& r) override {
    return {"token-" + r.code, "refresh", std::nullopt, "", ""};
  }
  Credentials refresh_credentials(HostServices&, const Credentials& c) override { return c; }
  std::vector<Account> list_accounts(HostServices&, const Credentials&) override {
    return {{"st-1", "Stamped", "USD", "UTC"}};
  }
  void sync(HostServices&, const SyncRequest& r, RecordSink& sink) override {
    sink.campaign({r.account_id, "c1", "Campaign", CampaignStatus::Active});
    sink.checkpoint("done");
  }
};

}  // namespace

ROI_SDK_CONNECTOR(StampedConnector);

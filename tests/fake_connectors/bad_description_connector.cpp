// A connector that loads but fails its check: its self-description has an id the host refuses.
#include <roi/sdk/export.hpp>

namespace {

using namespace roi::sdk;

class BadDescription final : public Connector {
 public:
  Description describe() const override { return {"Not A Valid Id!", "Bad", "1.0.0", {}}; }
  OAuthStart start_oauth(HostServices&, const OAuthStartRequest&) override { return {}; }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest&) override { return {}; }
  Credentials refresh_credentials(HostServices&, const Credentials& c) override { return c; }
  std::vector<Account> list_accounts(HostServices&, const Credentials&) override { return {}; }
  void sync(HostServices&, const SyncRequest&, RecordSink&) override {}
};

}  // namespace

ROI_SDK_CONNECTOR(BadDescription);

// A connector with one flaw in its sync, picked by its `flaw` setting, so the acceptance kit's
// tests can show each sync check fails when it should: "skips_a_day_on_resume" (a resumed sync
// starts one day too late), "negative_clicks" (a record the host refuses), "no_checkpoints",
// "orphan_rows" (rows of a campaign never sent), "" (none: every check passes).
#include <roi/sdk/export.hpp>
#include <roi/sdk/helpers/numbers.hpp>

namespace {

using namespace roi::sdk;
using std::chrono::days;
using std::chrono::sys_days;

class FlawedSyncConnector final : public Connector {
 public:
  Description describe() const override {
    Description d{"flawed-sync", "Flawed Sync Test Connector", "1.0.0", {Capability::Ads}};
    d.settings = {{.key = "flaw", .description = "which flaw the sync has", .default_value = ""}};
    return d;
  }
  OAuthStart start_oauth(HostServices&, const OAuthStartRequest&) override { throw no_oauth(); }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest&) override { throw no_oauth(); }
  Credentials refresh_credentials(HostServices&, const Credentials&) override { throw no_oauth(); }

  std::vector<Account> list_accounts(HostServices&, const Credentials& c) override {
    if (c.access_token != "good") throw needs_reauth("unknown token");
    return {{"fs-1", "Flawed", "USD", "UTC"}};
  }

  // One row a day, a checkpoint (the day) after each.
  void sync(HostServices& host, const SyncRequest& r, RecordSink& sink) override {
    const std::string flaw = host.setting("flaw").value_or("");
    sink.campaign({r.account_id, "c1", "Campaign", CampaignStatus::Active});
    sys_days day = r.from;
    if (r.resume_from) {
      day = sys_days(*helpers::parse_date(*r.resume_from)) +
            days(flaw == "skips_a_day_on_resume" ? 2 : 1);
    }
    for (; day <= sys_days(r.to); day += days(1)) {
      const auto n = (day - sys_days(r.from)).count();
      sink.daily_metric({r.account_id,
                         flaw == "orphan_rows" ? "c2" : "c1",
                         day,
                         100 + n,
                         flaw == "negative_clicks" ? -1 : n,
                         {n * 1000000, "USD"},
                         0,
                         {0, "USD"}});
      if (flaw != "no_checkpoints") sink.checkpoint(helpers::format_date(day));
    }
  }

 private:
  static ConnectorError no_oauth() { return {ErrorKind::Unsupported, "no OAuth"}; }
};

}  // namespace

ROI_SDK_CONNECTOR(FlawedSyncConnector);

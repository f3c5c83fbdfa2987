// A connector connected with a form (an API key and a region), for the connect tests: it takes
// only the key "good-key", refuses any other quoting it back (the host must hide it), and the
// credentials reach two accounts.
#include <roi/sdk/export.hpp>

namespace {

using namespace roi::sdk;

std::string field(const Headers& fields, const std::string& name) {
  for (const auto& [n, v] : fields) {
    if (n == name) return v;
  }
  return {};
}

class FormConnector final : public Connector {
 public:
  Description describe() const override {
    return {
        .id = "form-test",
        .name = "Form Test",
        .version = "1.0.0",
        .capabilities = {Capability::Ads},
        .connect = {ConnectMethod::Form,
                    R"({"type": "object", "required": ["api_key"], "additionalProperties": false,)"
                    R"( "properties": {"api_key": {"type": "string", "minLength": 4,)"
                    R"( "maxLength": 100, "writeOnly": true},)"
                    R"( "region": {"type": "string", "enum": ["eu", "us"]}}})"}};
  }

  Credentials connect_form(HostServices&, const FormConnectRequest& request) override {
    const auto key = field(request.fields, "api_key");
    if (key != "good-key") throw needs_reauth("the key " + key + " is not valid");
    const auto region = field(request.fields, "region");
    return {"tok-" + (region.empty() ? std::string("eu") : region), "", std::nullopt, "", ""};
  }
  void check(HostServices&, const Credentials& c) override {
    if (c.access_token.rfind("tok-", 0) != 0) throw needs_reauth("not a token of ours");
  }
  std::vector<Account> list_accounts(HostServices&, const Credentials&) override {
    return {{"f-1", "Form One", "USD", "UTC"}, {"f-2", "Form Two", "EUR", "UTC"}};
  }

  OAuthStart start_oauth(HostServices&, const OAuthStartRequest&) override { throw unsupported(); }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest&) override {
    throw unsupported();
  }
  Credentials refresh_credentials(HostServices&, const Credentials& c) override { return c; }
  void sync(HostServices&, const SyncRequest&, RecordSink& sink) override {
    sink.checkpoint("done");
  }

 private:
  static ConnectorError unsupported() {
    return {ErrorKind::Unsupported, "connected with a form, not OAuth"};
  }
};

}  // namespace

ROI_SDK_CONNECTOR(FormConnector);

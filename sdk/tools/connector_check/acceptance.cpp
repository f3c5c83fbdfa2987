#include "acceptance.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <roi/sdk/helpers/http.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <set>
#include <sstream>

#include "connector_library.hpp"
#include "form_schema.hpp"
#include "input_files.hpp"
#include "kit_services.hpp"
#include "plugins/output_checks.hpp"
#include "recording_sink.hpp"

namespace roi::connector_check {
namespace {

constexpr char kInvalidToken[] = "roi-connector-check-invalid-credentials";

std::string kind_name(sdk::ErrorKind kind) {
  switch (kind) {
    case sdk::ErrorKind::None:
      return "ok";
    case sdk::ErrorKind::NeedsReauth:
      return "needs_reauth";
    case sdk::ErrorKind::RateLimited:
      return "rate_limited";
    case sdk::ErrorKind::Transient:
      return "transient";
    case sdk::ErrorKind::Permanent:
      return "permanent";
    case sdk::ErrorKind::Unsupported:
      return "unsupported";
    case sdk::ErrorKind::Fault:
      return "fault";
  }
  return "unknown";
}

std::string failed(const sdk::Status& s) { return kind_name(s.kind) + ": " + s.message; }

bool has(const sdk::Description& d, sdk::Capability c) {
  return std::find(d.capabilities.begin(), d.capabilities.end(), c) != d.capabilities.end();
}

// The query parameters of `url`, percent-decoded ('+' as space, as browsers send forms).
sdk::Headers query_of(const std::string& url) {
  sdk::Headers out;
  const auto q = url.find('?');
  if (q == std::string::npos) return out;
  const auto end = url.find('#', q);
  std::istringstream parts(
      url.substr(q + 1, end == std::string::npos ? std::string::npos : end - q - 1));
  auto decode = [](const std::string& s) {
    std::string d;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        d.push_back(' ');
      } else if (s[i] == '%' && i + 2 < s.size() &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        d.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {
        d.push_back(s[i]);
      }
    }
    return d;
  };
  for (std::string pair; std::getline(parts, pair, '&');) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.emplace_back(decode(pair.substr(0, eq)),
                     eq == std::string::npos ? "" : decode(pair.substr(eq + 1)));
  }
  return out;
}

std::optional<std::string> param(const sdk::Headers& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::string random_state() {
  std::random_device device;
  std::ostringstream out;
  out << "roi-check-" << std::hex << device() << device();
  return out.str();
}

class Acceptance {
 public:
  Acceptance(const Options& options, Report& report) : options_(options), report_(report) {}

  void run() {
    if (!load() || !describe()) return;
    const bool settings_ok = settings();
    if (!settings_ok) {
      report_.skip("connect", "needs every required setting");
      return;
    }
    connect();
    if (!credentials_) {
      for (auto name : {"check", "accounts", "sync", "resume", "reauth", "rate-limit"}) {
        report_.skip(name, no_credentials_);
      }
      return;
    }
    check_credentials();
    accounts();
    syncs();
    reauth();
    rate_limit();
  }

 private:
  bool load() {
    try {
      library_ = ConnectorLibrary::open(options_.library);
      report_.pass("load", options_.library + " loads with every symbol resolved");
    } catch (const LoadFailure& e) {
      report_.fail("load", e.what());
      return false;
    }
    try {
      library_->bind();
      report_.pass("abi", "ABI " + std::to_string(library_->abi_version()) + " matches this SDK");
    } catch (const LoadFailure& e) {
      report_.fail("abi", e.what());
      return false;
    }
    return true;
  }

  bool describe() {
    if (auto created = library_->create(); !created.ok()) {
      report_.fail("describe", "creating the connector failed: " + failed(created));
      return false;
    }
    auto described = library_->describe();
    if (!described.status.ok()) {
      report_.fail("describe", "describe() failed: " + failed(described.status));
      return false;
    }
    description_ = std::move(described.value);
    if (auto problem = plugins::check(description_)) {
      report_.fail("describe", "the host would refuse this self-description: " + *problem);
      return false;
    }
    std::string capabilities;
    for (auto c : description_.capabilities) {
      capabilities += (capabilities.empty() ? "" : ",") + plugins::capability_name(c);
    }
    if (description_.connect.method == sdk::ConnectMethod::Form ||
        !description_.connect.form_schema.empty()) {
      if (auto problem = parse_form_schema(description_.connect.form_schema, form_)) {
        report_.fail("describe", *problem);
        return false;
      }
    }
    report_.pass("describe", description_.id + " \"" + description_.name + "\" " +
                                 description_.version + ", capabilities [" + capabilities +
                                 "], connect " +
                                 plugins::connect_method_name(description_.connect.method));
    return true;
  }

  bool settings() {
    std::map<std::string, std::string> file;
    if (options_.settings_file) {
      try {
        file = read_string_object(*options_.settings_file);
      } catch (const std::exception& e) {
        report_.fail("settings", e.what());
        return false;
      }
    }
    settings_ = std::make_unique<Settings>(description_, file);
    services_ = std::make_unique<KitServices>(*settings_, options_.verbose);
    std::string missing, shown;
    for (std::size_t i = 0; i < settings_->declared().size(); ++i) {
      const auto& resolved = settings_->declared()[i];
      const auto& spec = description_.settings[i];
      shown += (shown.empty() ? "" : ", ") + resolved.key + " (" + resolved.source + ")";
      if (spec.required && !resolved.set) missing += (missing.empty() ? "" : ", ") + resolved.key;
    }
    if (!missing.empty()) {
      report_.fail("settings", "required settings unset (the host refuses to load it): " + missing);
      return false;
    }
    if (description_.settings.empty()) {
      report_.pass("settings", "none declared");
    } else {
      report_.pass("settings", shown);
    }
    return true;
  }

  void connect() {
    switch (description_.connect.method) {
      case sdk::ConnectMethod::Form:
        connect_form();
        break;
      case sdk::ConnectMethod::OAuth2:
        connect_oauth();
        break;
      case sdk::ConnectMethod::None:
        report_.skip("connect", "the connector declares no connect method");
        break;
    }
    if (!credentials_ && options_.credentials_file) {
      try {
        credentials_ = read_credentials(*options_.credentials_file);
      } catch (const std::exception& e) {
        report_.fail("credentials", e.what());
      }
    }
    if (!credentials_ && no_credentials_.empty()) {
      no_credentials_ =
          "no credentials: connect with --form/--oauth-callback or give --credentials";
    }
  }

  void connect_form() {
    const sdk::Headers fields(options_.form.begin(), options_.form.end());
    if (auto problem = validate_form(form_, fields)) {
      report_.fail("connect", *problem + "; give every field with --form KEY=VALUE");
      no_credentials_ = "the connect form was not filled in";
      return;
    }
    auto connected = library_->connect_form(*services_, {fields});
    if (!connected.status.ok()) {
      report_.fail("connect", "connect_form failed: " + failed(connected.status));
      no_credentials_ = "connect_form failed";
      return;
    }
    if (auto problem = plugins::check(connected.value)) {
      report_.fail("connect", "connect_form returned credentials the host refuses: " + *problem);
      no_credentials_ = "connect_form returned invalid credentials";
      return;
    }
    credentials_ = connected.value;
    report_.pass("connect", "connect_form turned " + std::to_string(fields.size()) +
                                " form field(s) into valid credentials");
  }

  void connect_oauth() {
    const std::string state = random_state();
    sdk::Headers params(options_.form.begin(), options_.form.end());
    auto started = library_->start_oauth(*services_, {options_.redirect_uri, state, params});
    if (!started.status.ok()) {
      report_.fail("connect", "start_oauth failed: " + failed(started.status));
      return;
    }
    if (auto problem = plugins::check(started.value)) {
      report_.fail("connect",
                   "start_oauth returned an authorize URL the host refuses: " + *problem);
      return;
    }
    const auto query = query_of(started.value.authorize_url);
    if (param(query, "state") != state) {
      report_.fail("connect", "the authorize URL does not carry the host's state unchanged: " +
                                  started.value.authorize_url.substr(0, 200));
      return;
    }
    report_.pass("connect", "start_oauth: valid authorize URL, state carried unchanged");
    if (!options_.oauth_callback) {
      report_.skip("oauth-finish",
                   "no --oauth-callback URL (open the authorize URL, approve, "
                   "paste where the browser landed)");
      return;
    }
    const auto callback = query_of(*options_.oauth_callback);
    auto finished = library_->finish_oauth(
        *services_, {options_.redirect_uri, param(callback, "code").value_or(""), callback});
    if (!finished.status.ok()) {
      report_.fail("oauth-finish", "finish_oauth failed: " + failed(finished.status));
      return;
    }
    if (auto problem = plugins::check(finished.value)) {
      report_.fail("oauth-finish",
                   "finish_oauth returned credentials the host refuses: " + *problem);
      return;
    }
    credentials_ = finished.value;
    report_.pass("oauth-finish",
                 "finish_oauth exchanged the callback's code for valid credentials");
  }

  void check_credentials() {
    const auto checked = library_->check(*services_, *credentials_);
    if (checked.ok()) {
      report_.pass("check", "check() accepts the credentials");
    } else {
      report_.fail("check", "check() refused working credentials: " + failed(checked));
    }
  }

  void accounts() {
    auto listed = library_->list_accounts(*services_, *credentials_);
    if (!listed.status.ok()) {
      report_.fail("accounts", "list_accounts failed: " + failed(listed.status));
      return;
    }
    if (auto problem = plugins::check(listed.value)) {
      report_.fail("accounts", "the host refuses these accounts: " + *problem);
      return;
    }
    if (listed.value.empty()) {
      report_.fail("accounts", "list_accounts returned no account: nothing could be synced");
      return;
    }
    accounts_ = listed.value;
    std::string ids;
    for (const auto& a : accounts_)
      ids += (ids.empty() ? "" : ", ") + a.id + " (" + a.currency + ")";
    report_.pass("accounts", std::to_string(accounts_.size()) + " valid: " + ids);
  }

  std::optional<std::string> account() const {
    if (options_.account) return options_.account;
    if (!accounts_.empty()) return accounts_.front().id;
    return std::nullopt;
  }

  sdk::SyncRequest request(const std::string& account,
                           std::optional<std::string> resume_from = std::nullopt) const {
    return {*credentials_, account, options_.from, options_.to, std::move(resume_from)};
  }

  // The sync operations the connector offers: ads, orders, or both.
  std::vector<std::pair<std::string, bool>> operations() const {
    std::vector<std::pair<std::string, bool>> out;  // name, is_orders
    if (has(description_, sdk::Capability::Ads)) out.emplace_back("sync", false);
    if (has(description_, sdk::Capability::Orders)) out.emplace_back("sync-orders", true);
    return out;
  }

  sdk::Status sync_into(bool orders, const sdk::SyncRequest& r, RecordingSink& sink) {
    return orders ? library_->sync_orders(*services_, r, sink)
                  : library_->sync(*services_, r, sink);
  }

  void syncs() {
    const auto ops = operations();
    if (ops.empty()) {
      report_.skip("sync", "the connector offers neither ads nor orders");
      report_.skip("resume", "nothing to sync");
      return;
    }
    const auto id = account();
    if (!id) {
      report_.skip("sync", "no account to sync (give --account)");
      report_.skip("resume", "nothing synced");
      return;
    }
    const std::string range =
        sdk::helpers::format_date(options_.from) + ".." + sdk::helpers::format_date(options_.to);
    for (const auto& [name, orders] : ops) {
      RecordingSink sink;
      const auto status = sync_into(orders, request(*id), sink);
      const std::string counts = std::to_string(sink.campaign_count()) + " campaigns, " +
                                 std::to_string(sink.metric_count()) + " daily rows, " +
                                 std::to_string(sink.order_count()) + " orders, " +
                                 std::to_string(sink.checkpoints().size()) + " checkpoints";
      if (!status.ok()) {
        report_.fail(name, "account " + *id + " " + range + ": " + failed(status));
        report_.skip("resume", "the uninterrupted " + name + " failed");
        continue;
      }
      if (sink.invalid_records() > 0) {
        std::string first;
        for (const auto& p : sink.problems()) first += (first.empty() ? "" : "; ") + p;
        report_.fail(
            name, std::to_string(sink.invalid_records()) + " record(s) the host refuses: " + first);
        report_.skip("resume", "the uninterrupted " + name + " sent invalid records");
        continue;
      }
      if (sink.orphan_metrics() > 0) {
        report_.fail(name, std::to_string(sink.orphan_metrics()) +
                               " daily row(s) name a campaign the sync never sent");
        report_.skip("resume", "the uninterrupted " + name + " sent rows of unknown campaigns");
        continue;
      }
      report_.pass(name, "account " + *id + " " + range + ": " + counts + ", every record valid");
      resume(name, orders, *id, sink);
    }
  }

  // Every checkpoint is where an interrupted sync would stop: what was stored before it, plus
  // a sync resumed from it, must be what the uninterrupted sync stored.
  void resume(const std::string& name, bool orders, const std::string& id,
              const RecordingSink& full) {
    const std::string check = name == "sync" ? "resume" : "resume-orders";
    const auto& points = full.checkpoints();
    if (points.empty()) {
      if (full.metric_count() + full.order_count() == 0) {
        report_.skip(check, "the sync sent no records and no checkpoint");
      } else {
        report_.fail(check, "the sync sent no checkpoint: an interrupted sync would start over");
      }
      return;
    }
    const StoredData expected = full.stored();
    std::map<std::string, std::unique_ptr<RecordingSink>> resumed;  // cursor → its resumed sync
    for (std::size_t i = 0; i < points.size(); ++i) {
      const std::string& cursor = points[i].cursor;
      if (!resumed.contains(cursor)) {
        auto sink = std::make_unique<RecordingSink>();
        const auto status = sync_into(orders, request(id, cursor), *sink);
        if (!status.ok()) {
          report_.fail(check, "resumed from checkpoint '" + cursor + "': " + failed(status));
          return;
        }
        if (sink->invalid_records() > 0) {
          report_.fail(check, "resumed from checkpoint '" + cursor +
                                  "': invalid records: " + sink->problems().front());
          return;
        }
        resumed.emplace(cursor, std::move(sink));
      }
      StoredData merged = full.stored_before(i);
      resumed.at(cursor)->upsert_into(merged);
      if (merged != expected) {
        report_.fail(check,
                     "stopped at checkpoint #" + std::to_string(i + 1) + " ('" + cursor +
                         "') and resumed, the stored rows differ from the uninterrupted sync's (" +
                         std::to_string(merged.metrics.size() + merged.orders.size()) + " vs " +
                         std::to_string(expected.metrics.size() + expected.orders.size()) +
                         " rows, or their figures)");
        return;
      }
    }
    report_.pass(check, "resumed from each of " + std::to_string(points.size()) + " checkpoints (" +
                            std::to_string(resumed.size()) +
                            " distinct): same rows as uninterrupted");
  }

  void reauth() {
    sdk::Credentials bad = *credentials_;
    bad.access_token = kInvalidToken;
    bad.refresh_token.clear();
    const auto checked = library_->check(*services_, bad);
    if (checked.kind != sdk::ErrorKind::NeedsReauth) {
      report_.fail("reauth", "check() with an invalid access token answered " +
                                 (checked.ok() ? std::string("ok") : failed(checked)) +
                                 ", expected needs_reauth (the user must be asked to reconnect)");
      return;
    }
    std::string detail = "check() with an invalid access token is needs_reauth";
    if (description_.connect.method == sdk::ConnectMethod::Form && !form_.secrets.empty()) {
      sdk::Headers fields(options_.form.begin(), options_.form.end());
      for (auto& [k, v] : fields) {
        if (std::find(form_.secrets.begin(), form_.secrets.end(), k) != form_.secrets.end())
          v = kInvalidToken;
      }
      const auto connected = library_->connect_form(*services_, {fields});
      if (connected.status.kind != sdk::ErrorKind::NeedsReauth) {
        report_.fail("reauth",
                     "connect_form with a wrong secret answered " +
                         (connected.status.ok() ? std::string("ok") : failed(connected.status)) +
                         ", expected needs_reauth (the user must correct the form)");
        return;
      }
      detail += "; connect_form with a wrong secret too";
    }
    report_.pass("reauth", detail);
  }

  void rate_limit() {
    if (!options_.arm_rate_limit) {
      report_.skip("rate-limit", "no --arm-rate-limit COMMAND to make the platform answer 429");
      return;
    }
    const auto ops = operations();
    const auto id = account();
    if (ops.empty() || !id) {
      report_.skip("rate-limit", "nothing to sync");
      return;
    }
    // Its output goes to stderr: stdout carries only the verdict lines.
    const std::string command = "{ " + *options_.arm_rate_limit + "\n} 1>&2";
    if (const int rc = std::system(command.c_str()); rc != 0) {
      report_.fail("rate-limit",
                   "the --arm-rate-limit command failed (status " + std::to_string(rc) + ")");
      return;
    }
    RecordingSink sink;
    const auto status = sync_into(ops.front().second, request(*id), sink);
    if (status.kind != sdk::ErrorKind::RateLimited || status.retry_after.count() <= 0) {
      report_.fail("rate-limit", "a sync against a 429 answered " +
                                     (status.ok() ? std::string("ok") : failed(status)) +
                                     ", expected rate_limited with a retry time");
      return;
    }
    report_.pass("rate-limit", "a 429 is rate_limited, retry after " +
                                   std::to_string(status.retry_after.count()) + " s");
  }

  const Options& options_;
  Report& report_;
  std::unique_ptr<ConnectorLibrary> library_;
  sdk::Description description_;
  FormSchema form_;
  std::unique_ptr<Settings> settings_;
  std::unique_ptr<KitServices> services_;
  std::optional<sdk::Credentials> credentials_;
  std::string no_credentials_;
  std::vector<sdk::Account> accounts_;
};

}  // namespace

void run_acceptance(const Options& options, Report& report) { Acceptance(options, report).run(); }

}  // namespace roi::connector_check

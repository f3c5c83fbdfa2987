#include <algorithm>
#include <random>
#include <sstream>

#include "acceptance.hpp"
#include "acceptance_run.hpp"
#include "connector/output_checks.hpp"
#include "input_files.hpp"
#include "url_query.hpp"

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

std::string random_state() {
  std::random_device device;
  std::ostringstream out;
  out << "roi-check-" << std::hex << device() << device();
  return out.str();
}

}  // namespace

std::string failed(const sdk::Status& s) { return kind_name(s.kind) + ": " + s.message; }

void run_acceptance(const Options& options, Report& report) {
  AcceptanceRun(options, report).run();
}

void AcceptanceRun::run() {
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

bool AcceptanceRun::load() {
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

bool AcceptanceRun::describe() {
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
  form_ = plugins::form_fields(description_.connect.form_schema);
  report_.pass("describe", description_.id + " \"" + description_.name + "\" " +
                               description_.version + ", capabilities [" + capabilities +
                               "], connect " +
                               plugins::connect_method_name(description_.connect.method));
  return true;
}

bool AcceptanceRun::settings() {
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
  if (!settings_->undeclared().empty()) {
    std::string keys;
    for (const auto& key : settings_->undeclared()) keys += (keys.empty() ? "" : ", ") + key;
    report_.fail("settings",
                 "the settings file sets keys the connector does not declare (the host "
                 "refuses to load it): " +
                     keys);
    return false;
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

void AcceptanceRun::connect() {
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
    no_credentials_ = "no credentials: connect with --form/--oauth-callback or give --credentials";
  }
}

void AcceptanceRun::connect_form() {
  const sdk::Headers fields(options_.form.begin(), options_.form.end());
  if (auto problem = validate_form(description_.connect.form_schema, fields)) {
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

void AcceptanceRun::connect_oauth() {
  const std::string state = random_state();
  sdk::Headers params(options_.form.begin(), options_.form.end());
  auto started = library_->start_oauth(*services_, {options_.redirect_uri, state, params});
  if (!started.status.ok()) {
    report_.fail("connect", "start_oauth failed: " + failed(started.status));
    return;
  }
  if (auto problem = plugins::check(started.value)) {
    report_.fail("connect", "start_oauth returned an authorize URL the host refuses: " + *problem);
    return;
  }
  const auto query = url_parameters(started.value.authorize_url);
  if (find_parameter(query, "state") != state) {
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
  const auto callback = url_parameters(*options_.oauth_callback);
  auto finished = library_->finish_oauth(
      *services_, {options_.redirect_uri, find_parameter(callback, "code").value_or(""), callback});
  if (!finished.status.ok()) {
    report_.fail("oauth-finish", "finish_oauth failed: " + failed(finished.status));
    return;
  }
  if (auto problem = plugins::check(finished.value)) {
    report_.fail("oauth-finish", "finish_oauth returned credentials the host refuses: " + *problem);
    return;
  }
  credentials_ = finished.value;
  report_.pass("oauth-finish", "finish_oauth exchanged the callback's code for valid credentials");
}

void AcceptanceRun::check_credentials() {
  const auto checked = library_->check(*services_, *credentials_);
  if (checked.ok()) {
    report_.pass("check", "check() accepts the credentials");
  } else {
    report_.fail("check", "check() refused working credentials: " + failed(checked));
  }
}

void AcceptanceRun::accounts() {
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
  for (const auto& a : accounts_) ids += (ids.empty() ? "" : ", ") + a.id + " (" + a.currency + ")";
  report_.pass("accounts", std::to_string(accounts_.size()) + " valid: " + ids);
}

void AcceptanceRun::reauth() {
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

}  // namespace roi::connector_check

// The state one acceptance run carries from check to check (the library, its description, the
// settings and credentials it was lent, the accounts it listed) and the checks themselves:
// connect_checks.cpp up to the accounts, sync_checks.cpp the syncs and the error kinds.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli_options.hpp"
#include "connector/output_checks.hpp"
#include "connector_library.hpp"
#include "form_schema.hpp"
#include "kit_services.hpp"
#include "recording_sink.hpp"
#include "report.hpp"

namespace roi::connector_check {

// "needs_reauth: <message>", as the verdict lines show a failed call.
std::string failed(const sdk::Status& status);

class AcceptanceRun {
 public:
  AcceptanceRun(const Options& options, Report& report) : options_(options), report_(report) {}

  void run();

 private:
  bool load();
  bool describe();
  bool settings();
  void connect();
  void connect_form();
  void connect_oauth();
  void check_credentials();
  void accounts();
  void reauth();

  void syncs();
  // Every checkpoint is where an interrupted sync would stop: what was stored before it, plus a
  // sync resumed from it, must be what the uninterrupted sync stored.
  void resume(const std::string& name, bool orders, const std::string& id,
              const RecordingSink& full);
  void rate_limit();

  std::optional<std::string> account() const;  // --account, else the first listed
  sdk::SyncRequest request(const std::string& account,
                           std::optional<std::string> resume_from = std::nullopt) const;
  // The sync operations the connector offers: ads, orders, or both.
  std::vector<std::pair<std::string, bool>> operations() const;  // name, is_orders
  sdk::Status sync_into(bool orders, const sdk::SyncRequest& r, RecordingSink& sink);

  const Options& options_;
  Report& report_;
  std::unique_ptr<ConnectorLibrary> library_;
  sdk::Description description_;
  plugins::FormFields form_;
  std::unique_ptr<Settings> settings_;
  std::unique_ptr<KitServices> services_;
  std::optional<sdk::Credentials> credentials_;
  std::string no_credentials_;
  std::vector<sdk::Account> accounts_;
};

}  // namespace roi::connector_check

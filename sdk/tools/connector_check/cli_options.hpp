// The command line of roi-connector-check: which library to check and what the author lends it
// (operator settings, what a user would type, credentials, the account and days to sync).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace roi::connector_check {

struct Options {
  std::string library;
  std::optional<std::string> settings_file;               // JSON object of setting key → string
  std::vector<std::pair<std::string, std::string>> form;  // --form key=value, in order
  std::optional<std::string> credentials_file;            // JSON {access_token, refresh_token, ...}
  std::optional<std::string> oauth_callback;              // the URL the platform redirected to
  std::string redirect_uri = "http://127.0.0.1/roi-connector-check/callback";
  std::optional<std::string> account;
  std::chrono::year_month_day from, to;
  std::optional<std::string> arm_rate_limit;  // a shell command that makes the next call a 429
  bool verbose = false;
};

// Throws std::invalid_argument with a message for the user; `today` sets the default range
// (the seven days before it).
Options parse_options(int argc, char** argv, std::chrono::year_month_day today);

extern const char* const kUsage;

}  // namespace roi::connector_check

#include "cli_options.hpp"

#include <roi/sdk/helpers/numbers.hpp>
#include <stdexcept>
#include <string_view>

namespace roi::connector_check {

const char* const kUsage =
    "usage: roi-connector-check LIBRARY [--settings FILE] [--form KEY=VALUE]...\n"
    "         [--credentials FILE] [--oauth-callback URL] [--redirect-uri URI]\n"
    "         [--account ID] [--from YYYY-MM-DD --to YYYY-MM-DD]\n"
    "         [--arm-rate-limit COMMAND] [--verbose]\n"
    "Loads a connector library the way ROI Host does and checks what the host relies on.\n"
    "Exit status: 0 when every check passed (skipped ones say why), 1 when one failed, 2 on bad "
    "usage.\n";

namespace {

std::chrono::year_month_day date_argument(std::string_view flag, const std::string& text) {
  auto date = sdk::helpers::parse_date(text);
  if (!date)
    throw std::invalid_argument(std::string(flag) + " needs a date YYYY-MM-DD, not '" + text + "'");
  return *date;
}

}  // namespace

Options parse_options(int argc, char** argv, std::chrono::year_month_day today) {
  Options out;
  const std::chrono::sys_days end = std::chrono::sys_days(today) - std::chrono::days(1);
  out.to = end;
  out.from = end - std::chrono::days(6);
  bool from_given = false, to_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--settings") {
      out.settings_file = value();
    } else if (arg == "--form") {
      const std::string field = value();
      const auto eq = field.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw std::invalid_argument("--form needs KEY=VALUE, not '" + field + "'");
      }
      out.form.emplace_back(field.substr(0, eq), field.substr(eq + 1));
    } else if (arg == "--credentials") {
      out.credentials_file = value();
    } else if (arg == "--oauth-callback") {
      out.oauth_callback = value();
    } else if (arg == "--redirect-uri") {
      out.redirect_uri = value();
    } else if (arg == "--account") {
      out.account = value();
    } else if (arg == "--from") {
      out.from = date_argument(arg, value());
      from_given = true;
    } else if (arg == "--to") {
      out.to = date_argument(arg, value());
      to_given = true;
    } else if (arg == "--arm-rate-limit") {
      out.arm_rate_limit = value();
    } else if (arg == "--verbose") {
      out.verbose = true;
    } else if (arg.starts_with("--")) {
      throw std::invalid_argument("unknown option " + std::string(arg));
    } else if (out.library.empty()) {
      out.library = arg;
    } else {
      throw std::invalid_argument("one library at a time: '" + std::string(arg) + "' is extra");
    }
  }
  if (out.library.empty()) throw std::invalid_argument("name the connector library to check");
  if (from_given != to_given) throw std::invalid_argument("--from and --to go together");
  if (std::chrono::sys_days(out.from) > std::chrono::sys_days(out.to)) {
    throw std::invalid_argument("--from is after --to");
  }
  return out;
}

}  // namespace roi::connector_check

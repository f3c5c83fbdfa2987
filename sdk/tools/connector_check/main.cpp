// roi-connector-check: the acceptance kit a connector author runs before shipping a library.
// It loads the library in this process, as ROI Host would, and prints one line per check.
#include <curl/curl.h>

#include <chrono>
#include <iostream>
#include <stdexcept>

#include "acceptance.hpp"
#include "cli_options.hpp"
#include "report.hpp"

int main(int argc, char** argv) {
  using namespace roi::connector_check;
  const auto today = std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  Options options;
  try {
    options = parse_options(argc, argv, today);
  } catch (const std::invalid_argument& e) {
    std::cerr << "roi-connector-check: " << e.what() << "\n" << kUsage;
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  Report report(std::cout);
  run_acceptance(options, report);
  report.summary();
  curl_global_cleanup();
  return report.failed() == 0 ? 0 : 1;
}

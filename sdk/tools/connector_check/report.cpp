#include "report.hpp"

#include <iomanip>

namespace roi::connector_check {

void Report::line(std::string_view verdict, std::string_view check, std::string_view detail) {
  out_ << verdict << "  " << std::left << std::setw(12) << check << " " << detail << std::endl;
}

void Report::pass(std::string_view check, std::string_view detail) {
  ++passed_;
  line("PASS", check, detail);
}

void Report::fail(std::string_view check, std::string_view detail) {
  ++failed_;
  line("FAIL", check, detail);
}

void Report::skip(std::string_view check, std::string_view why) {
  ++skipped_;
  line("SKIP", check, why);
}

void Report::summary() {
  out_ << (failed_ ? "FAILED: " : "OK: ") << passed_ << " passed, " << failed_ << " failed, "
       << skipped_ << " skipped" << std::endl;
}

}  // namespace roi::connector_check

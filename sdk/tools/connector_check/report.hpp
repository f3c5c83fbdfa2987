// The lines roi-connector-check prints: one PASS, FAIL or SKIP per check with what it saw, and a
// summary; a skipped check says why, so "nothing failed" never hides "nothing ran".
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace roi::connector_check {

class Report {
 public:
  explicit Report(std::ostream& out) : out_(out) {}

  void pass(std::string_view check, std::string_view detail);
  void fail(std::string_view check, std::string_view detail);
  void skip(std::string_view check, std::string_view why);
  // "N passed, N failed, N skipped"; the exit status follows failed().
  void summary();
  int failed() const { return failed_; }

 private:
  void line(std::string_view verdict, std::string_view check, std::string_view detail);

  std::ostream& out_;
  int passed_ = 0, failed_ = 0, skipped_ = 0;
};

}  // namespace roi::connector_check

// Postgres array literals, bound as one text parameter each: a statement costs the same whatever
// the number of values, and values never become SQL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace roi::store {

class ArrayText {
 public:
  void text(std::string_view v) {
    separate();
    out_ += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out_ += '\\';
      out_ += c;
    }
    out_ += '"';
  }
  void number(std::int64_t v) {
    separate();
    out_ += std::to_string(v);
  }
  std::string done() { return out_ + '}'; }

 private:
  void separate() { out_ += out_.size() == 1 ? "" : ","; }
  std::string out_ = "{";
};

}  // namespace roi::store

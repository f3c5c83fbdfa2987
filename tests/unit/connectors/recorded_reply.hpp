// What the connectors' unit tests share: platform replies recorded beside them
// (tests/unit/connectors/<name>/, read from the repository's root, where CTest runs them), a
// request's header, and the error a call throws.
#pragma once

#include <fstream>
#include <optional>
#include <roi/sdk/errors.hpp>
#include <roi/sdk/host_services.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace roi::testing {

inline std::string recorded_reply(const std::string& connector, const std::string& name) {
  const std::string path = "tests/unit/connectors/" + connector + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("no recorded reply " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::optional<std::string> request_header(const sdk::HttpRequest& request,
                                                 std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// The ConnectorError `call` throws; when it throws none, a logic_error fails the test.
template <typename Call>
sdk::ConnectorError error_of(Call&& call) {
  try {
    call();
  } catch (const sdk::ConnectorError& e) {
    return e;
  }
  throw std::logic_error("the call succeeded where it should have failed");
}

}  // namespace roi::testing

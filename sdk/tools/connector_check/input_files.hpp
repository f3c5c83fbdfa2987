// The files an author hands roi-connector-check: operator settings (a JSON object of strings) and
// credentials (as the host stores them after a connect). Errors name the file and the problem.
#pragma once

#include <map>
#include <roi/sdk/connector.hpp>
#include <string>

namespace roi::connector_check {

// {"key": "value", ...}; throws std::runtime_error naming the problem.
std::map<std::string, std::string> read_string_object(const std::string& path);

// {"access_token", "refresh_token"?, "scope"?, "account_id"?, "expires_at"? (Unix seconds or
// null)}; throws std::runtime_error naming the problem.
sdk::Credentials read_credentials(const std::string& path);

}  // namespace roi::connector_check

#include "api/procedure.hpp"

#include <algorithm>
#include <stdexcept>

#include "api/error.hpp"

namespace roi::api {

const AuthenticatedUser& CallContext::current_user() const {
  // Reaching this without a user means a handler of a Public procedure asked for one.
  if (!user) throw Error(ErrorCode::Unauthorized, "Not signed in", "procedure is not Access::User");
  return *user;
}

void ProcedureRegistry::add(Procedure procedure) {
  std::string key = procedure.path;
  if (!procedures_.emplace(key, std::move(procedure)).second) {
    throw std::logic_error("procedure '" + key + "' registered twice");
  }
}

const Procedure* ProcedureRegistry::find(std::string_view path) const {
  auto it = procedures_.find(std::string(path));
  return it == procedures_.end() ? nullptr : &it->second;
}

std::vector<std::string> ProcedureRegistry::paths() const {
  std::vector<std::string> out;
  out.reserve(procedures_.size());
  for (const auto& [k, v] : procedures_) out.push_back(k);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace roi::api

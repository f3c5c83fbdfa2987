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

void ProcedureRegistry::add_family(Procedure procedure) {
  for (const auto& f : families_) {
    if (f.path == procedure.path) {
      throw std::logic_error("procedure family '" + f.path + "' registered twice");
    }
  }
  families_.push_back(std::move(procedure));
}

const Procedure* ProcedureRegistry::find(std::string_view path) const {
  auto it = procedures_.find(std::string(path));
  if (it != procedures_.end()) return &it->second;
  for (const auto& f : families_) {
    if (path.size() > f.path.size() && path.starts_with(f.path)) return &f;
  }
  return nullptr;
}

std::vector<std::string> ProcedureRegistry::paths() const {
  std::vector<std::string> out;
  out.reserve(procedures_.size());
  for (const auto& [k, v] : procedures_) out.push_back(k);
  for (const auto& f : families_) out.push_back(f.path + "*");
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace roi::api

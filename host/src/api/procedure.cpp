#include "api/procedure.hpp"

#include <algorithm>
#include <stdexcept>

#include "api/error.hpp"

namespace roi::api {
namespace {

// A broken output schema is refused at start, as a broken input schema is.
void check_output(const Procedure& p) {
  if (p.output.empty()) return;
  rapidjson::Document doc;
  doc.Parse(p.output.data(), p.output.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw std::logic_error("procedure '" + p.path +
                           "' has an output schema that is not a JSON object");
  }
}

}  // namespace

const AuthenticatedUser& CallContext::current_user() const {
  // Reaching this without a user means a handler of a Public procedure asked for one.
  if (!user) throw Error(ErrorCode::Unauthorized, "Not signed in", "procedure is not Access::User");
  return *user;
}

void ProcedureRegistry::add(Procedure procedure) {
  std::string key = procedure.path;
  check_output(procedure);
  if (!procedures_.emplace(key, std::move(procedure)).second) {
    throw std::logic_error("procedure '" + key + "' registered twice");
  }
}

void ProcedureRegistry::add_family(Procedure procedure) {
  check_output(procedure);
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

std::vector<const Procedure*> ProcedureRegistry::procedures() const {
  std::vector<const Procedure*> out;
  out.reserve(procedures_.size());
  for (const auto& [k, v] : procedures_) out.push_back(&v);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->path < b->path; });
  return out;
}

std::vector<const Procedure*> ProcedureRegistry::families() const {
  std::vector<const Procedure*> out;
  for (const auto& f : families_) out.push_back(&f);
  return out;
}

}  // namespace roi::api

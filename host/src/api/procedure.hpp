// What a module registers: a named query or mutation, its input and output schemas, the errors it
// may answer and its handler. Handlers see the parsed, validated input and write their output as
// JSON; nothing else. system.schema publishes the contract (api/schema_document.hpp).
#pragma once

#include <rapidjson/document.h>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/authenticator.hpp"
#include "api/error.hpp"
#include "api/input_schema.hpp"
#include "api/json.hpp"
#include "http/message.hpp"

namespace roi::api {

enum class ProcedureType { Query, Mutation };

// Who may call a procedure. For User the endpoint authenticates the caller before the handler
// runs and answers UNAUTHORIZED without running it when there is no valid session.
enum class Access { Public, User };

// What one call may cost beyond the ordinary. A request may carry at most one PasswordHash call
// (a bcrypt hash is ~0.2 s of CPU), so no single HTTP request buys more than one.
enum class Cost { Ordinary, PasswordHash };

// What a handler may know about the call besides its input.
struct CallContext {
  const http::Request& request;
  std::string_view path;
  http::Headers& response_headers;  // e.g. Set-Cookie; merged into the HTTP response
  std::optional<AuthenticatedUser> user = std::nullopt;  // always set for Access::User

  // The authenticated caller; only Access::User procedures have one.
  const AuthenticatedUser& current_user() const;
};

// Writes exactly one JSON value (the procedure's output) to `out`, or throws roi::api::Error.
using Handler =
    std::function<void(CallContext& ctx, const rapidjson::Value& input, JsonWriter& out)>;

// One procedure of a family as the loaded connectors make it: its full path and contract.
struct FamilyMember {
  std::string path;
  std::string input;   // JSON Schema of its input
  std::string output;  // JSON Schema of its output
};

struct Procedure {
  std::string path;
  ProcedureType type = ProcedureType::Query;
  std::shared_ptr<const InputSchema> input;  // null: input ignored
  Handler handler;
  Access access = Access::Public;
  // The output's JSON Schema (draft 2020-12 subset: type, properties, required, items, enum,
  // additionalProperties). Not checked at run time: the tests check every answer against it.
  std::string output{};
  // The codes a call may answer besides those any call may (schema_document.cpp lists those).
  std::vector<ErrorCode> errors{};
  // A family's members as the connectors loaded now make them, for the schema document.
  std::function<std::vector<FamilyMember>()> members{};
  Cost cost = Cost::Ordinary;
};

class ProcedureRegistry {
 public:
  // Throws std::logic_error on a duplicate path: two modules claiming one name is a bug.
  void add(Procedure procedure);
  // Every path that is `procedure.path` followed by one or more characters, for names derived
  // from what is loaded at run time; the handler reads the rest from CallContext::path. A path
  // added with add() wins over a family.
  void add_family(Procedure procedure);

  const Procedure* find(std::string_view path) const;
  // Families as their path followed by '*'.
  std::vector<std::string> paths() const;
  // Every procedure added with add(), by path; every family, in the order added.
  std::vector<const Procedure*> procedures() const;
  std::vector<const Procedure*> families() const;

 private:
  std::unordered_map<std::string, Procedure> procedures_;
  std::deque<Procedure> families_;  // stable addresses, as procedures_ has
};

}  // namespace roi::api

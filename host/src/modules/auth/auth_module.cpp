#include "modules/auth/auth_module.hpp"

#include <memory>

#include "api/error.hpp"
#include "api/schema_fragments.hpp"
#include "auth/email_address.hpp"
#include "auth/session_cookie.hpp"

namespace roi::modules::auth {
namespace {

using api::Error;
using api::ErrorCode;
namespace core = roi::auth;

// Generous caps: the exact rules are checked in code, these only stop huge strings early.
constexpr const char* kRegisterSchema = R"({
  "type": "object",
  "properties": {
    "email": {"type": "string", "maxLength": 320},
    "password": {"type": "string", "maxLength": 1024},
    "name": {"type": ["string", "null"], "maxLength": 200}
  },
  "required": ["email", "password"],
  "additionalProperties": false
})";

constexpr const char* kProfileSchema = R"({
  "type": "object",
  "properties": {
    "name": {"type": ["string", "null"], "maxLength": 200},
    "timeZone": {"type": "string", "maxLength": 64}
  },
  "additionalProperties": false
})";

constexpr const char* kLoginSchema = R"({
  "type": "object",
  "properties": {
    "email": {"type": "string", "maxLength": 320},
    "password": {"type": "string", "maxLength": 1024}
  },
  "required": ["email", "password"],
  "additionalProperties": false
})";

#define ROI_USER_SCHEMA                                                                 \
  R"({"type": "object", "required": ["id", "email", "name", "timeZone", "createdAt"],)" \
  R"( "additionalProperties": false, "properties": {)"                                  \
  R"( "id": {"type": "integer", "minimum": 1}, "email": {"type": "string"},)"           \
  R"( "name": {"type": ["string", "null"]}, "timeZone": {"type": "string"},)"           \
  R"( "createdAt": )" ROI_SCHEMA_TIMESTAMP "}}"

// A new session: the token (also set as the session cookie), when it expires (Unix seconds).
constexpr const char* kSessionOutput = R"({
  "type": "object",
  "required": ["token", "expiresAt", "user"],
  "additionalProperties": false,
  "properties": {
    "token": {"type": "string"},
    "expiresAt": {"type": "integer"},
    "user": )" ROI_USER_SCHEMA R"(
  }
})";

constexpr const char* kProfileOutput = R"({
  "type": "object",
  "required": ["user"],
  "additionalProperties": false,
  "properties": {"user": )" ROI_USER_SCHEMA R"(}
})";

constexpr const char* kMeOutput = R"({
  "type": "object",
  "required": ["user", "plan"],
  "additionalProperties": false,
  "properties": {
    "user": )" ROI_USER_SCHEMA R"(,
    "plan": {"enum": ["free", "starter", "pro", "agency"]}
  }
})";

constexpr const char* kLogoutOutput = R"({
  "type": "object",
  "required": ["success"],
  "additionalProperties": false,
  "properties": {"success": {"const": true}}
})";

#undef ROI_USER_SCHEMA

// Unknown email and wrong password get exactly this, so neither reveals which accounts exist.
constexpr const char* kBadCredentials = "Invalid email or password";

std::string_view string_field(const rapidjson::Value& input, const char* name) {
  const auto& v = input[name];
  return {v.GetString(), v.GetStringLength()};
}

std::string email_field(const rapidjson::Value& input) {
  auto email = core::normalize_email(string_field(input, "email"));
  if (!email) throw api::invalid_input("email", "is not a valid email address");
  return *email;
}

void write_user(api::JsonWriter& out, const core::User& user) {
  out.StartObject();
  api::member(out, "id", user.id);
  api::member(out, "email", user.email);
  api::member(out, "name", user.name);
  api::member(out, "timeZone", user.time_zone);
  api::member(out, "createdAt", user.created_at);
  out.EndObject();
}

// Opens a session for `user`: a sessions row, the token in the answer and in the cookie.
void start_session(const Services& s, api::CallContext& ctx, const core::User& user,
                   api::JsonWriter& out) {
  const auto issued = s.tokens.issue(user.id, core::Clock::now());
  s.sessions.create(issued.claims);
  ctx.response_headers.emplace_back("Set-Cookie",
                                    core::session_cookie(issued.token, s.tokens.lifetime()));
  ctx.response_headers.emplace_back("Cache-Control", "no-store");
  out.StartObject();
  api::member(out, "token", issued.token);
  out.Key("expiresAt");
  out.Int64(
      std::chrono::duration_cast<std::chrono::seconds>(issued.claims.expires_at.time_since_epoch())
          .count());
  out.Key("user");
  write_user(out, user);
  out.EndObject();
}

// The input's name trimmed; nullopt when it is absent, null or blank.
std::optional<std::string> display_name(const rapidjson::Value& input) {
  if (!input.HasMember("name") || !input["name"].IsString()) return std::nullopt;
  const std::string n(string_field(input, "name"));
  const auto first = n.find_first_not_of(" \t\r\n");
  const auto last = n.find_last_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  return n.substr(first, last - first + 1);
}

Error too_many(const std::string& what, std::chrono::seconds wait) {
  return std::move(Error(ErrorCode::TooManyRequests, "Too many " + what + ", please retry in " +
                                                         std::to_string(wait.count()) + " seconds")
                       .with_retry_after(static_cast<int>(wait.count())));
}

// No password hashing slot came free in time: the caller retries, it does not queue.
Error busy() {
  return std::move(Error(ErrorCode::ServiceUnavailable,
                         "The service is busy, please retry in a moment",
                         "every password hashing slot is taken")
                       .with_retry_after(1));
}

void register_user(const Services& s, api::CallContext& ctx, const rapidjson::Value& input,
                   api::JsonWriter& out) {
  const std::string email = email_field(input);
  const std::string_view password = string_field(input, "password");
  if (const char* problem = core::password_problem(password))
    throw api::invalid_input("password", problem);
  // The address limits key on the real client behind any trusted proxy.
  const std::string& address = ctx.request.client_addr;
  if (auto wait = s.registrations.try_acquire(address)) {
    throw too_many("registrations", *wait);
  }
  std::string hash;
  {
    const auto slot = s.hashing.enter();
    if (!slot) {
      s.registrations.abandoned(address);
      throw busy();
    }
    hash = s.passwords.hash(password);
  }
  const auto user = s.users.create(email, display_name(input), hash);
  if (!user) throw Error(ErrorCode::Conflict, "An account with this email already exists");
  start_session(s, ctx, *user, out);
}

void login(const Services& s, api::CallContext& ctx, const rapidjson::Value& input,
           api::JsonWriter& out) {
  const std::string email = email_field(input);
  const std::string_view password = string_field(input, "password");
  const std::string& address = ctx.request.client_addr;
  // The throttle first: a slowed-down guesser is answered at once and never waits for a slot.
  if (auto wait = s.throttle.try_acquire(address, email)) {
    throw too_many("login attempts", *wait);
  }
  const auto account = s.users.find_by_email(email);
  bool ok = false;
  {
    auto slot = s.hashing.enter();
    if (!slot) {
      s.throttle.abandoned(address, email);
      throw busy();
    }
    ok = account && !account->password_hash.empty()
             ? s.passwords.verify(password, account->password_hash)
             : s.passwords.verify_unknown_account(password);
  }
  if (!ok) throw Error(ErrorCode::Unauthorized, kBadCredentials);
  s.throttle.succeeded(address, email);
  start_session(s, ctx, account->user, out);
}

void update_profile(const Services& s, api::CallContext& ctx, const rapidjson::Value& input,
                    api::JsonWriter& out) {
  std::optional<std::optional<std::string>> name;
  if (input.HasMember("name")) name = display_name(input);
  std::optional<std::string> zone;
  if (input.HasMember("timeZone")) {
    zone = std::string(string_field(input, "timeZone"));
    if (!s.users.is_time_zone(*zone)) {
      throw api::invalid_input("timeZone", "is not a time zone name such as Europe/Paris or UTC");
    }
  }
  const auto user = s.users.update_profile(ctx.current_user().id, name, zone);
  if (!user) throw Error(ErrorCode::Unauthorized, "Not signed in", "session of a deleted user");
  out.StartObject();
  out.Key("user");
  write_user(out, *user);
  out.EndObject();
}

void logout(const Services& s, api::CallContext& ctx, api::JsonWriter& out) {
  s.sessions.revoke(ctx.current_user().session_id);
  ctx.response_headers.emplace_back("Set-Cookie", core::expired_session_cookie());
  out.StartObject();
  api::member(out, "success", true);
  out.EndObject();
}

void me(const Services& s, api::CallContext& ctx, api::JsonWriter& out) {
  const auto user = s.users.find(ctx.current_user().id);
  if (!user) throw Error(ErrorCode::Unauthorized, "Not signed in", "session of a deleted user");
  ctx.response_headers.emplace_back("Cache-Control", "no-store");
  out.StartObject();
  out.Key("user");
  write_user(out, *user);
  api::member(out, "plan", s.users.plan(user->id));
  out.EndObject();
}

}  // namespace

void register_procedures(api::ProcedureRegistry& registry, Services services) {
  using api::Access;
  using api::Cost;
  using api::ProcedureType;
  registry.add({"auth.register",
                ProcedureType::Mutation,
                std::make_shared<api::InputSchema>(kRegisterSchema),
                [services](api::CallContext& ctx, const rapidjson::Value& in,
                           api::JsonWriter& out) { register_user(services, ctx, in, out); },
                Access::Public,
                kSessionOutput,
                {ErrorCode::Conflict},
                {},
                Cost::PasswordHash});
  registry.add({"auth.login",
                ProcedureType::Mutation,
                std::make_shared<api::InputSchema>(kLoginSchema),
                [services](api::CallContext& ctx, const rapidjson::Value& in,
                           api::JsonWriter& out) { login(services, ctx, in, out); },
                Access::Public,
                kSessionOutput,
                {ErrorCode::Unauthorized, ErrorCode::TooManyRequests},
                {},
                Cost::PasswordHash});
  registry.add({"auth.logout", ProcedureType::Mutation, nullptr,
                [services](api::CallContext& ctx, const rapidjson::Value&, api::JsonWriter& out) {
                  logout(services, ctx, out);
                },
                Access::User, kLogoutOutput});
  registry.add({"auth.updateProfile", ProcedureType::Mutation,
                std::make_shared<api::InputSchema>(kProfileSchema),
                [services](api::CallContext& ctx, const rapidjson::Value& in,
                           api::JsonWriter& out) { update_profile(services, ctx, in, out); },
                Access::User, kProfileOutput});
  registry.add({"auth.me", ProcedureType::Query, nullptr,
                [services](api::CallContext& ctx, const rapidjson::Value&, api::JsonWriter& out) {
                  me(services, ctx, out);
                },
                Access::User, kMeOutput});
}

}  // namespace roi::modules::auth

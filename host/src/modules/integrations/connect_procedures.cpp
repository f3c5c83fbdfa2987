#include "modules/integrations/connect_procedures.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>

#include "api/connector_json.hpp"
#include "api/error.hpp"
#include "api/json.hpp"
#include "connector/output_checks.hpp"
#include "edge/error_mapping.hpp"
#include "modules/integrations/connect_forms.hpp"
#include "modules/integrations/integration_json.hpp"

namespace roi::modules::integrations {
namespace {

using api::Error;
using api::ErrorCode;
namespace core = roi::integrations;

constexpr const char* kConnectSchema = R"({
  "type": "object",
  "properties": {
    "platform": {"type": "string", "minLength": 1, "maxLength": 64},
    "params": {"type": "object", "maxProperties": 20,
               "additionalProperties": {"type": "string", "maxLength": 4096}}
  },
  "required": ["platform"],
  "additionalProperties": false
})";

constexpr std::string_view kAliasPrefix = "integrations.connect";

#define ROI_SCHEMA_FORM_RESULT                                                     \
  R"({"type": "object", "required": ["method", "platform", "integrations"],)"      \
  R"( "additionalProperties": false, "properties": {"method": {"const": "form"},)" \
  R"( "platform": {"type": "string"},)"                                            \
  R"( "integrations": {"type": "array", "items": )" ROI_SCHEMA_INTEGRATION R"(}}})"

constexpr const char* kPlatformsOutput = R"({
  "type": "array",
  "items": {
    "type": "object",
    "required": ["id", "name", "version", "capabilities", "connect"],
    "additionalProperties": false,
    "properties": {
      "id": {"type": "string"},
      "name": {"type": "string"},
      "version": {"type": "string"},
      "capabilities": {"type": "array", "items": {"enum": ["ads", "orders", "billing", "webhooks"]}},
      "connect": {
        "type": "object",
        "required": ["method", "schema"],
        "additionalProperties": false,
        "properties": {
          "method": {"enum": ["oauth2", "form"]},
          "schema": {"type": ["object", "null"]}
        }
      }
    }
  }
})";

// OAuth 2: the page to send the browser to; a form: the integrations it connected.
constexpr const char* kConnectOutput = R"({
  "anyOf": [
    {"type": "object", "required": ["method", "platform", "authorizeUrl"],
     "additionalProperties": false,
     "properties": {"method": {"const": "oauth2"}, "platform": {"type": "string"},
                    "authorizeUrl": {"type": "string"}}},
    )" ROI_SCHEMA_FORM_RESULT R"(
  ]
})";

// host[:port] as a browser sends it: letters, digits, '.', '-', ':' and IPv6 brackets only.
bool plausible_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

// Where the platform sends the browser back: the configured origin, else the one the browser
// used to reach us (fine behind nginx on plain HTTP; set PUBLIC_URL for anything else).
std::string callback_base(const Services& s, const http::Request& request) {
  if (!s.public_url.empty()) return s.public_url;
  const auto host = request.header("host");
  if (!plausible_host(host)) throw Error(ErrorCode::BadRequest, "Missing or invalid Host header");
  return "http://" + std::string(host);
}

// The loaded connector `id` that a user can connect, or the error naming `platform`.
sdk::Description connectable(const plugins::PluginHost& plugins, const std::string& id) {
  if (!plugins::is_connector_id(id)) {
    throw Error(ErrorCode::BadRequest, "platform is not a connector id")
        .with_data("field", "platform");
  }
  for (auto& d : plugins.connectors()) {
    if (d.id != id) continue;
    if (d.connect.method == sdk::ConnectMethod::None) {
      throw Error(ErrorCode::BadRequest, d.name + " has no accounts for users to connect")
          .with_data("field", "platform");
    }
    return std::move(d);
  }
  throw Error(ErrorCode::NotFound, "The " + id + " connector is unavailable")
      .with_data("field", "platform");
}

// What a connect did: an authorize URL to send the browser to (OAuth 2), or the accounts a form
// connected.
struct Connected {
  sdk::Description connector;
  std::shared_ptr<const ConnectForm> form;
  sdk::Headers fields;
  std::optional<std::string> authorize_url;  // OAuth 2
  std::vector<std::string> accounts;         // a form: the account ids stored
};

// The connect of `platform` with `params` (an object, or null for none), as both
// integrations.connect and its aliases run it.
Connected run_connect(const Services& s, ConnectForms& forms, api::CallContext& ctx,
                      const std::string& platform, const rapidjson::Value* params) {
  Connected c{connectable(s.plugins, platform), nullptr, {}, std::nullopt, {}};
  c.form = forms.get(c.connector.connect.form_schema);
  rapidjson::Document doc(rapidjson::kObjectType);
  rapidjson::Value copy(rapidjson::kObjectType);
  if (params) copy.CopyFrom(*params, doc.GetAllocator());
  doc.AddMember("params", copy, doc.GetAllocator());
  c.form->schema->validate(doc);
  for (const auto& m : doc["params"].GetObject()) {
    if (!m.value.IsString()) {
      const std::string field = "params." + std::string(m.name.GetString());
      throw api::invalid_input(field, "must be of type string");
    }
    c.fields.emplace_back(m.name.GetString(), m.value.GetString());
  }

  const core::Platform target{c.connector.id, c.connector.name};
  const auto user = ctx.current_user().id;
  if (c.connector.connect.method == sdk::ConnectMethod::OAuth2) {
    std::string expected;
    for (const auto& [name, value] : c.fields) {
      if (name == c.form->account_field) expected = value;
    }
    c.authorize_url =
        s.connect.start(user, target, callback_base(s, ctx.request), c.fields, expected);
    return c;
  }
  std::vector<std::string> secrets;
  for (const auto& [name, value] : c.fields) {
    if (std::find(c.form->secret_fields.begin(), c.form->secret_fields.end(), name) !=
        c.form->secret_fields.end()) {
      secrets.push_back(value);
    }
  }
  c.accounts = s.connect.connect_form(user, target, c.fields, secrets);
  return c;
}

// {method: "form", platform, integrations: [...]}, the integrations as integrations.list shows
// them.
void write_form_result(const Services& s, std::int64_t user, const Connected& c,
                       api::JsonWriter& out) {
  out.StartObject();
  api::member(out, "method", "form");
  api::member(out, "platform", c.connector.id);
  out.Key("integrations");
  out.StartArray();
  for (const auto& i : s.store.list(user)) {
    if (i.platform == c.connector.id &&
        std::find(c.accounts.begin(), c.accounts.end(), i.account_id) != c.accounts.end()) {
      write_integration(out, i);
    }
  }
  out.EndArray();
  out.EndObject();
}

void write_platform(api::JsonWriter& out, const sdk::Description& d) {
  out.StartObject();
  api::connector_members(out, d);
  out.Key("connect");
  out.StartObject();
  api::member(out, "method", plugins::connect_method_name(d.connect.method));
  out.Key("schema");
  if (d.connect.form_schema.empty()) {
    out.Null();
  } else {
    // A JSON object: the plugin host refuses a description whose form is anything else.
    out.RawValue(d.connect.form_schema.data(), d.connect.form_schema.size(),
                 rapidjson::kObjectType);
  }
  out.EndObject();
  out.EndObject();
}

// "GoogleAds" -> "google-ads": the connector id an alias name stands for.
std::optional<std::string> alias_id(std::string_view suffix) {
  if (suffix.empty() || !std::isupper(static_cast<unsigned char>(suffix.front()))) {
    return std::nullopt;
  }
  std::string id;
  for (char c : suffix) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u)) return std::nullopt;
    if (std::isupper(u)) {
      if (!id.empty()) id.push_back('-');
      id.push_back(static_cast<char>(std::tolower(u)));
    } else {
      id.push_back(c);
    }
  }
  return id;
}

// "google-ads" -> "GoogleAds", or nullopt when alias_id would not lead back to `id`.
std::optional<std::string> alias_name(const std::string& id) {
  std::string name;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  if (alias_id(name) != id) return std::nullopt;
  return name;
}

// An alias's contract: its input is the connector's form, its answer the form's result or, for
// OAuth 2, the authorize URL with the form's non-secret fields echoed.
api::FamilyMember alias_member(const sdk::Description& d, const ConnectForm& form,
                               const std::string& name) {
  const std::string input = d.connect.form_schema.empty()
                                ? R"({"type": "object", "additionalProperties": false})"
                                : d.connect.form_schema;
  if (d.connect.method != sdk::ConnectMethod::OAuth2) {
    return {std::string(kAliasPrefix) + name, input, ROI_SCHEMA_FORM_RESULT};
  }
  rapidjson::StringBuffer buf;
  api::JsonWriter w(buf);
  w.StartObject();
  api::member(w, "type", "object");
  w.Key("required");
  w.StartArray();
  w.String("platform");
  w.String("authorizeUrl");
  w.EndArray();
  api::member(w, "additionalProperties", false);
  w.Key("properties");
  w.StartObject();
  w.Key("platform");
  w.StartObject();
  api::member(w, "const", d.id);
  w.EndObject();
  w.Key("authorizeUrl");
  w.StartObject();
  api::member(w, "type", "string");
  w.EndObject();
  rapidjson::Document doc;
  doc.Parse(input.c_str());
  const auto properties = doc.FindMember("properties");
  if (properties != doc.MemberEnd() && properties->value.IsObject()) {
    for (const auto& p : properties->value.GetObject()) {
      const std::string field(p.name.GetString(), p.name.GetStringLength());
      const auto& secret = form.secret_fields;
      if (field == "platform" || field == "authorizeUrl" ||
          std::find(secret.begin(), secret.end(), field) != secret.end()) {
        continue;
      }
      w.Key(field.c_str(), static_cast<rapidjson::SizeType>(field.size()));
      w.StartObject();
      api::member(w, "type", "string");
      w.EndObject();
    }
  }
  w.EndObject();
  w.EndObject();
  return {std::string(kAliasPrefix) + name, input, {buf.GetString(), buf.GetSize()}};
}

}  // namespace

void register_connect_procedures(api::ProcedureRegistry& registry, const Services& services) {
  auto forms = std::make_shared<ConnectForms>();

  // Public: what system.connectors shows plus how to connect, nothing about any user, so a
  // frontend can lay out its connect page (buttons, forms) before anyone signs in.
  registry.add(
      api::Procedure{"integrations.platforms", api::ProcedureType::Query, nullptr,
                     [services](api::CallContext&, const rapidjson::Value&, api::JsonWriter& out) {
                       out.StartArray();
                       for (const auto& d : services.plugins.connectors()) {
                         if (d.connect.method != sdk::ConnectMethod::None) write_platform(out, d);
                       }
                       out.EndArray();
                     },
                     api::Access::Public, kPlatformsOutput});

  registry.add(api::Procedure{
      "integrations.connect", api::ProcedureType::Mutation,
      std::make_shared<api::InputSchema>(kConnectSchema),
      [services, forms](api::CallContext& ctx, const rapidjson::Value& input,
                        api::JsonWriter& out) {
        const auto params = input.FindMember("params");
        const auto c = run_connect(services, *forms, ctx, input["platform"].GetString(),
                                   params == input.MemberEnd() ? nullptr : &params->value);
        if (!c.authorize_url) {
          write_form_result(services, ctx.current_user().id, c, out);
          return;
        }
        out.StartObject();
        api::member(out, "method", "oauth2");
        api::member(out, "platform", c.connector.id);
        api::member(out, "authorizeUrl", *c.authorize_url);
        out.EndObject();
      },
      api::Access::User, kConnectOutput,
      edge::call_error_codes({ErrorCode::NotFound, ErrorCode::Forbidden})});

  // integrations.connectGoogleAds, connectMeta, connectShopify {shop}: the input is the params,
  // and an OAuth answer echoes them (not the secret ones) as these names always did.
  // Any object: run_connect checks it against the connector's own form schema.
  registry.add_family(api::Procedure{
      std::string(kAliasPrefix), api::ProcedureType::Mutation,
      std::make_shared<api::InputSchema>(R"({"type": "object"})"),
      [services, forms](api::CallContext& ctx, const rapidjson::Value& input,
                        api::JsonWriter& out) {
        const auto id = alias_id(ctx.path.substr(kAliasPrefix.size()));
        if (!id) {
          throw Error(ErrorCode::NotFound,
                      "No procedure found on path \"" + std::string(kAliasPrefix) + "...\"");
        }
        const auto c = run_connect(services, *forms, ctx, *id, &input);
        if (!c.authorize_url) {
          write_form_result(services, ctx.current_user().id, c, out);
          return;
        }
        out.StartObject();
        api::member(out, "platform", c.connector.id);
        for (const auto& [name, value] : c.fields) {
          const auto& secret = c.form->secret_fields;
          if (name != "platform" && name != "authorizeUrl" &&
              std::find(secret.begin(), secret.end(), name) == secret.end()) {
            api::member(out, name.c_str(), value);
          }
        }
        api::member(out, "authorizeUrl", *c.authorize_url);
        out.EndObject();
      },
      api::Access::User, "", edge::call_error_codes({ErrorCode::NotFound, ErrorCode::Forbidden}),
      [services, forms] {
        std::vector<api::FamilyMember> members;
        for (const auto& d : services.plugins.connectors()) {
          if (d.connect.method == sdk::ConnectMethod::None) continue;
          if (const auto name = alias_name(d.id)) {
            members.push_back(alias_member(d, *forms->get(d.connect.form_schema), *name));
          }
        }
        return members;
      }});
}

#undef ROI_SCHEMA_FORM_RESULT

}  // namespace roi::modules::integrations

#include "api/input_schema.hpp"

#include <rapidjson/stringbuffer.h>

#include <atomic>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "api/error.hpp"
#include "api/json.hpp"

namespace roi::api {
namespace {

// "/a/b" -> "a.b"; "" -> "input".
std::string field_name(const std::string& pointer) {
  if (pointer.empty()) return "input";
  std::string out;
  for (std::size_t i = 1; i < pointer.size(); ++i) {
    out.push_back(pointer[i] == '/' ? '.' : pointer[i]);
  }
  return out;
}

std::string describe(std::string_view keyword, const rapidjson::Value& schema) {
  auto num = [&](const char* k) -> std::string {
    if (!schema.HasMember(k) || !schema[k].IsNumber()) return "?";
    if (schema[k].IsInt64()) return std::to_string(schema[k].GetInt64());
    return std::to_string(schema[k].GetDouble());
  };
  if (keyword == "type") {
    std::string t;
    if (schema.HasMember("type") && schema["type"].IsString()) t = schema["type"].GetString();
    return t.empty() ? "has the wrong type" : "must be of type " + t;
  }
  if (keyword == "required") return "is missing a required field";
  if (keyword == "additionalProperties") return "has a field that is not allowed";
  if (keyword == "minLength") return "must be at least " + num("minLength") + " characters";
  if (keyword == "maxLength") return "must be at most " + num("maxLength") + " characters";
  if (keyword == "minimum") return "must be at least " + num("minimum");
  if (keyword == "maximum") return "must be at most " + num("maximum");
  if (keyword == "enum") return "must be one of the allowed values";
  if (keyword == "pattern") return "has an invalid format";
  if (keyword == "minItems") return "must have at least " + num("minItems") + " items";
  if (keyword == "maxItems") return "must have at most " + num("maxItems") + " items";
  return "is invalid (" + std::string(keyword) + ")";
}

const rapidjson::Value kNoRule(rapidjson::kObjectType);

bool declares_integer(const rapidjson::Value& schema) {
  if (!schema.IsObject() || !schema.HasMember("type")) return false;
  const rapidjson::Value& type = schema["type"];
  if (type.IsString()) return type == "integer";
  if (!type.IsArray()) return false;
  for (const auto& t : type.GetArray()) {
    if (t == "integer") return true;
  }
  return false;
}

// RapidJSON's "integer" accepts any whole number, 2^63 and 1e300 included; handlers read integers
// with GetInt64. Returns the pointer to the first integer field outside the int64 range, if any.
std::optional<std::string> integer_out_of_range(const rapidjson::Value& schema,
                                                const rapidjson::Value& value,
                                                const std::string& pointer) {
  if (!schema.IsObject()) return std::nullopt;
  if (value.IsNumber() && declares_integer(schema) && !value.IsInt64()) return pointer;
  if (value.IsObject() && schema.HasMember("properties") && schema["properties"].IsObject()) {
    const rapidjson::Value& properties = schema["properties"];
    for (const auto& m : value.GetObject()) {
      const auto rule = properties.FindMember(m.name);
      if (rule == properties.MemberEnd()) continue;
      auto found = integer_out_of_range(
          rule->value, m.value,
          pointer + "/" + std::string(m.name.GetString(), m.name.GetStringLength()));
      if (found) return found;
    }
  }
  if (value.IsArray() && schema.HasMember("items")) {
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      auto found =
          integer_out_of_range(schema["items"], value[i], pointer + "/" + std::to_string(i));
      if (found) return found;
    }
  }
  return std::nullopt;
}

// Whether any field the schema describes is an integer: only then does a call need the walk above.
bool mentions_integer(const rapidjson::Value& schema) {
  if (!schema.IsObject()) return false;
  if (declares_integer(schema)) return true;
  if (schema.HasMember("properties") && schema["properties"].IsObject()) {
    for (const auto& m : schema["properties"].GetObject()) {
      if (mentions_integer(m.value)) return true;
    }
  }
  return schema.HasMember("items") && mentions_integer(schema["items"]);
}

std::unique_ptr<InputSchema::Compiled> compile(const std::string& source) {
  auto c = std::make_unique<InputSchema::Compiled>();
  c->doc.Parse(source.data(), source.size());
  if (c->doc.HasParseError()) throw std::invalid_argument("input schema is not valid JSON");
  c->schema = std::make_unique<rapidjson::SchemaDocument>(c->doc);
  return c;
}

std::atomic<std::uint64_t> next_schema_id{1};

}  // namespace

InputSchema::InputSchema(std::string_view schema_json)
    : source_(schema_json), id_(next_schema_id.fetch_add(1)) {
  // Compiled here to refuse a broken schema at registration, not at the first call.
  const auto compiled = compile(source_);
  rapidjson::SchemaValidator validator(*compiled->schema);
  accepts_empty_object_ = rapidjson::Value(rapidjson::kObjectType).Accept(validator);
  has_integers_ = mentions_integer(compiled->doc);
}

const InputSchema::Compiled& InputSchema::for_this_thread() const {
  // Keyed by a never-reused id rather than the address, so a schema freed and another allocated
  // at the same address cannot pick up a stale copy. Each request thread holds one copy of each
  // schema it has used: a few kilobytes per procedure.
  thread_local std::unordered_map<std::uint64_t, std::unique_ptr<Compiled>> compiled;
  auto& slot = compiled[id_];
  if (!slot) slot = compile(source_);
  return *slot;
}

void InputSchema::validate(const rapidjson::Value& input) const {
  const Compiled& compiled = for_this_thread();
  rapidjson::SchemaValidator validator(*compiled.schema);
  if (input.Accept(validator)) {
    const auto pointer =
        has_integers_ ? integer_out_of_range(compiled.doc, input, "") : std::nullopt;
    if (pointer) {
      throw invalid_input(sanitize_for_echo(field_name(*pointer)),
                          "must be an integer between -2^63 and 2^63-1");
    }
    return;
  }

  rapidjson::StringBuffer doc_ptr;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(doc_ptr);
  std::string pointer = doc_ptr.GetString();
  if (!pointer.empty() && pointer[0] == '#') pointer.erase(0, 1);
  std::string keyword = validator.GetInvalidSchemaKeyword();

  rapidjson::StringBuffer schema_ptr;
  validator.GetInvalidSchemaPointer().StringifyUriFragment(schema_ptr);
  std::string sp = schema_ptr.GetString();
  if (!sp.empty() && sp[0] == '#') sp.erase(0, 1);
  const rapidjson::Value* rule = rapidjson::Pointer(sp.c_str()).Get(compiled.doc);

  std::string field = field_name(pointer);
  if (keyword == "required" && rule && rule->HasMember("required")) {
    // Name the first missing property rather than the object holding it.
    const rapidjson::Value* obj = rapidjson::Pointer(pointer.c_str()).Get(input);
    for (const auto& r : (*rule)["required"].GetArray()) {
      if (obj && obj->IsObject() && !obj->HasMember(r)) {
        std::string missing = r.GetString();
        field = pointer.empty() ? missing : field + "." + missing;
        break;
      }
    }
    throw invalid_input(sanitize_for_echo(field), "is required");
  }
  throw invalid_input(sanitize_for_echo(field), describe(keyword, rule ? *rule : kNoRule));
}

}  // namespace roi::api

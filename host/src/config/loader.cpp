#include "config/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

extern char** environ;

namespace roi::config {
namespace {

// A mapping key as text; YAML also allows a sequence or a mapping as a key, which no setting is.
std::string key_name(const YAML::Node& key, const std::string& where, const std::string& source) {
  if (!key.IsScalar()) throw ConfigError(source + ": '" + where + "' has a key that is not a name");
  return key.Scalar();
}

struct Declared {
  const std::vector<KeyShape>& keys;
  const std::vector<FamilyShape>& families;
  const std::vector<OpenSection>& open;
};

struct FileValues {
  std::map<std::string, std::string> keys;
  std::vector<std::map<std::string, std::pair<std::string, std::string>>>
      families;  // path -> member, value
};

// Flattens a YAML mapping into dotted paths, refusing anything that is not a declared scalar key.
void flatten(const YAML::Node& node, const std::string& prefix, const std::string& source,
             const Declared& declared, FileValues& out) {
  if (!node.IsMap()) {
    throw ConfigError(source + ": '" + (prefix.empty() ? "<root>" : prefix) +
                      "' must be a mapping of keys");
  }
  for (const auto& item : node) {
    const std::string name = key_name(item.first, prefix.empty() ? "<root>" : prefix, source);
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    if (prefix.empty() && std::any_of(declared.open.begin(), declared.open.end(),
                                      [&](const OpenSection& o) { return o.name == name; })) {
      continue;  // read_open
    }
    bool in_family = false;
    for (std::size_t f = 0; f < declared.families.size(); ++f) {
      const FamilyShape& family = declared.families[f];
      if (!path.starts_with(family.prefix)) continue;
      const auto member = family.member(path.substr(family.prefix.size()));
      if (!member || !item.second.IsScalar()) {
        throw ConfigError(source + ": configuration key '" + path + "' " + family.file_refusal);
      }
      out.families[f][path] = {*member, item.second.Scalar()};
      in_family = true;
      break;
    }
    if (in_family) continue;
    if (item.second.IsMap()) {
      flatten(item.second, path, source, declared, out);
      continue;
    }
    if (std::none_of(declared.keys.begin(), declared.keys.end(),
                     [&](const KeyShape& k) { return k.path == path; })) {
      throw ConfigError(source + ": unknown configuration key '" + path +
                        "' (known keys are listed by roi-host --help)");
    }
    if (!item.second.IsScalar()) {
      throw ConfigError(source + ": configuration key '" + path + "' must be a single value");
    }
    out.keys[path] = item.second.Scalar();
  }
}

OpenValues read_open(const YAML::Node& root, const OpenSection& section,
                     const std::string& source) {
  OpenValues out;
  const YAML::Node node = root[section.name];
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsMap()) {
    throw ConfigError(source + ": '" + section.name + "' must be a mapping of " + section.names);
  }
  for (const auto& entry : node) {
    const std::string name = key_name(entry.first, section.name, source);
    const std::string path = section.name + "." + name;
    if (!section.is_name(name)) {
      throw ConfigError(source + ": '" + path + "' does not name " + section.name_shape);
    }
    if (!entry.second.IsMap()) {
      throw ConfigError(source + ": '" + path + "' must be a mapping of " + section.keys);
    }
    auto& values = out[name];
    for (const auto& item : entry.second) {
      const std::string key = key_name(item.first, path, source);
      if (!section.is_key(key)) {
        throw ConfigError(source + ": '" + path + "." + key + "' is not " + section.key_shape);
      }
      if (!item.second.IsScalar()) {
        throw ConfigError(source + ": configuration key '" + path + "." + key +
                          "' must be a single value");
      }
      values[key] = item.second.Scalar();
    }
  }
  return out;
}

YAML::Node parse_yaml(const std::string& yaml_text, const std::string& source) {
  try {
    return YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(source + ": not valid YAML: " + e.what());
  }
}

// <env_prefix><NAME> variables, but not the plain keys' own names that share the prefix.
std::vector<FamilyValue> family_environment(const FamilyShape& family, const Environment& env,
                                            const std::vector<KeyShape>& keys) {
  std::vector<FamilyValue> out;
  for (const auto& entry : env) {
    const std::string& name =
        entry.first;  // not a structured binding: clang before 16 cannot capture one
    if (!name.starts_with(family.env_prefix)) continue;
    if (std::any_of(keys.begin(), keys.end(), [&](const KeyShape& k) { return k.env == name; })) {
      continue;
    }
    std::string lower = name.substr(family.env_prefix.size());
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto member = family.member(lower);
    if (!member) {
      throw ConfigError("environment variable '" + name + "' " + family.env_refusal);
    }
    out.push_back({*member, name, entry.second});
  }
  return out;
}

}  // namespace

[[noreturn]] void invalid(const std::string& key, const std::string& value,
                          const std::string& want) {
  throw ConfigError("configuration key '" + key + "' has invalid value '" + value + "': expected " +
                    want);
}

long long parse_int(const std::string& key, const std::string& v, long long lo, long long hi) {
  long long out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc{} || ptr != v.data() + v.size() || out < lo || out > hi) {
    invalid(key, v, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return out;
}

bool parse_bool(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  invalid(key, v, "true or false");
}

std::string parse_nonempty(const std::string& key, const std::string& v) {
  if (v.empty()) invalid(key, v, "a non-empty string");
  return v;
}

void check_origin(const std::string& key, const std::string& v) {
  const auto scheme_end = v.find("://");
  const std::string scheme = v.substr(0, scheme_end);
  if (scheme_end == std::string::npos || (scheme != "http" && scheme != "https") ||
      v.size() == scheme_end + 3 || v.find_first_of("/?#@ ", scheme_end + 3) != std::string::npos) {
    invalid(key, v, "an origin like https://app.example.com (no path)");
  }
}

Loaded load(const std::string& yaml_text, const std::string& source, const Environment& env,
            const std::vector<KeyShape>& keys, const std::vector<FamilyShape>& families,
            const std::vector<OpenSection>& open) {
  const Declared declared{keys, families, open};
  FileValues file;
  file.families.resize(families.size());
  Loaded loaded;
  loaded.open.resize(open.size());
  const YAML::Node root = parse_yaml(yaml_text, source);
  if (root.IsDefined() && !root.IsNull()) {
    flatten(root, "", source, declared, file);
    for (std::size_t i = 0; i < open.size(); ++i) loaded.open[i] = read_open(root, open[i], source);
  }
  for (const auto& key : keys) {
    if (auto e = env.find(key.env); e != env.end()) {
      loaded.keys.emplace_back(e->second);
    } else if (auto y = file.keys.find(key.path); y != file.keys.end()) {
      loaded.keys.emplace_back(y->second);
    } else {
      loaded.keys.push_back(key.default_value);
    }
  }
  for (std::size_t f = 0; f < families.size(); ++f) {
    auto& values = loaded.families.emplace_back();
    for (const auto& [path, found] : file.families[f]) {
      values.push_back({found.first, path, found.second});
    }
    for (auto& v : family_environment(families[f], env, keys)) values.push_back(std::move(v));
  }
  return loaded;
}

void missing(const KeyShape& key, const std::string& source) {
  throw ConfigError("configuration key '" + key.path + "' is required: set it in " + source +
                    " or in the environment as " + key.env);
}

OpenValues load_open_section(const std::string& yaml_path, const OpenSection& section) {
  const YAML::Node root = parse_yaml(read_file(yaml_path), yaml_path);
  if (!root.IsDefined() || root.IsNull()) return {};
  if (!root.IsMap()) throw ConfigError(yaml_path + ": '<root>' must be a mapping of keys");
  return read_open(root, section, yaml_path);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read configuration file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    if (auto eq = entry.find('='); eq != std::string::npos) {
      env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
  }
  return env;
}

}  // namespace roi::config

// Reads a configuration: YAML text, then environment overrides, then defaults, for the keys the
// components declared (config/key.hpp). Refuses what no component declared, naming the key.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/key.hpp"

namespace roi::config {

// What the loader needs to know of the declarations, whatever struct they fill.
struct KeyShape {
  std::string path;
  std::string env;
  std::optional<std::string> default_value;
};
struct FamilyShape {
  std::string prefix;
  std::string env_prefix;
  std::function<std::optional<std::string>(const std::string&)> member;
  std::string file_refusal;
  std::string env_refusal;
};
struct FamilyValue {
  std::string member;  // what KeyFamily::member made of the name
  std::string key;     // the YAML path or the environment name it came from
  std::string value;
};

// The values found, by position in the shapes given.
struct Loaded {
  std::vector<std::optional<std::string>> keys;  // none: required and nowhere given
  std::vector<std::vector<FamilyValue>> families;
  std::vector<OpenValues> open;
};

// Throws ConfigError for YAML that is not valid, not a mapping, or names an undeclared key.
Loaded load(const std::string& yaml_text, const std::string& source, const Environment& env,
            const std::vector<KeyShape>& keys, const std::vector<FamilyShape>& families,
            const std::vector<OpenSection>& open);

// The error for a required key nowhere given.
[[noreturn]] void missing(const KeyShape& key, const std::string& source);

// Only one open section of the file at `yaml_path`, as load() reads it. Throws ConfigError.
OpenValues load_open_section(const std::string& yaml_path, const OpenSection& section);

std::string read_file(const std::string& path);

// The process environment as a map.
Environment process_environment();

}  // namespace roi::config

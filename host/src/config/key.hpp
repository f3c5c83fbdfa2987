// What a component declares about each configuration key it reads: YAML path, environment name,
// default, type and range (by the builder used), and what it is for. The component keeps its
// declarations beside its code; config/ only loads the values and checks them against these.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace roi::config {

// A configuration the host must refuse to start with; the message names the key and the fix.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Environment = std::map<std::string, std::string>;

// One key of a settings struct S. `assign` parses a value into S and throws ConfigError naming
// the key; `show` is what --print tells (never a secret).
template <typename S>
struct Key {
  std::string path;                          // "database.pool_size"
  std::string env;                           // "ROI_DB_POOL_SIZE"
  std::optional<std::string> default_value;  // none: the key is required
  std::string doc;
  std::function<void(S&, const std::string&)> assign;
  std::function<std::string(const S&)> show;
};

// Keys named by a pattern, like sync.lookback.<connector id> with ROI_SYNC_LOOKBACK_<ID>: any
// name `member` accepts is taken. Assigned after every plain key, file values before
// environment ones.
template <typename S>
struct KeyFamily {
  std::string prefix;      // "sync.lookback."
  std::string env_prefix;  // "ROI_SYNC_LOOKBACK_"; plain keys' environment names are not members
  // The member a name (after the prefix; from the environment lower-cased) stands for, or none.
  std::function<std::optional<std::string>(const std::string& name)> member;
  std::string file_refusal;  // "must name ... and hold a number", after "configuration key '...'"
  std::string env_refusal;   // after "environment variable '...'"
  std::function<void(S&, const std::string& member, const std::string& key,
                     const std::string& value)>
      assign;
  std::function<std::string(const S&, const std::string& member)> show;
  std::string doc;  // one --help line
};

// A section of free names two levels deep (connectors.<id>.<key>), read as text: the component
// that owns the section checks each value later, against its own declarations.
using OpenValues =
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>;
struct OpenSection {
  std::string name;  // "connectors"
  std::function<bool(const std::string&)> is_name;
  std::string names;       // "connector ids"
  std::string name_shape;  // "a connector id (a-z, 0-9, '-')"
  std::function<bool(const std::string&)> is_key;
  std::string keys;       // "setting keys"
  std::string key_shape;  // "a setting key (a-z, 0-9, '_')"
  std::string doc;        // one --help line
};

[[noreturn]] void invalid(const std::string& key, const std::string& value,
                          const std::string& want);
long long parse_int(const std::string& key, const std::string& value, long long lo, long long hi);
bool parse_bool(const std::string& key, const std::string& value);
std::string parse_nonempty(const std::string& key, const std::string& value);
// An origin as browsers send it: scheme://host[:port], nothing after.
void check_origin(const std::string& key, const std::string& value);

// The builders, one per type. An integer in [lo, hi]:
template <typename S, typename T>
Key<S> integer_key(std::string path, std::string env, std::string def, long long lo, long long hi,
                   T S::*member, std::string doc = {}) {
  return {
      path,
      std::move(env),
      std::move(def),
      std::move(doc),
      [=](S& s, const std::string& v) { s.*member = static_cast<T>(parse_int(path, v, lo, hi)); },
      [=](const S& s) { return std::to_string(s.*member); }};
}

// true/false (also 1/0, yes/no, on/off):
template <typename S>
Key<S> bool_key(std::string path, std::string env, std::string def, bool S::*member,
                std::string doc = {}) {
  return {path,
          std::move(env),
          std::move(def),
          std::move(doc),
          [=](S& s, const std::string& v) { s.*member = parse_bool(path, v); },
          [=](const S& s) { return std::string(s.*member ? "true" : "false"); }};
}

// A non-empty string, optionally checked further by `check` (which throws ConfigError). No
// default: required.
template <typename S>
Key<S> string_key(std::string path, std::string env, std::optional<std::string> def,
                  std::string S::*member, std::string doc = {},
                  std::function<void(const std::string&)> check = nullptr) {
  return {path,
          std::move(env),
          std::move(def),
          std::move(doc),
          [=](S& s, const std::string& v) {
            if (check) check(v);
            s.*member = parse_nonempty(path, v);
          },
          [=](const S& s) { return s.*member; }};
}

// Any string, empty by default, optionally checked (when not empty) by `check`.
template <typename S>
Key<S> optional_key(std::string path, std::string env, std::string S::*member, std::string doc = {},
                    std::function<void(const std::string&)> check = nullptr) {
  return {path,
          std::move(env),
          std::string(),
          std::move(doc),
          [=](S& s, const std::string& v) {
            if (check && !v.empty()) check(v);
            s.*member = v;
          },
          [=](const S& s) { return s.*member; }};
}

}  // namespace roi::config

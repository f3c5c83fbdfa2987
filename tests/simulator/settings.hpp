// Named knobs of the simulator ("google-ads.accounts", "meta.usage_pct", ...). Each platform file
// declares its own, so a new platform brings its knobs with it; flags and /_sim/config set them.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>

#include "json.hpp"

namespace roi::sim {

class Settings {
 public:
  using Value = std::variant<std::int64_t, std::string>;

  void declare(const std::string& platform, const std::string& name, Value initial,
               std::string help, std::int64_t min = 0, std::int64_t max = INT64_MAX);
  // "platform.name=value" from the command line; returns an error message or "".
  std::string set_text(std::string_view assignment);
  // One knob from JSON; returns an error message or "".
  std::string set(const std::string& platform, const std::string& name,
                  const rapidjson::Value& value);

  std::int64_t integer(const std::string& platform, const std::string& name) const;
  std::string text(const std::string& platform, const std::string& name) const;

  // The current values become what reset() returns to (called once the flags are applied).
  void freeze_baseline();
  void reset();
  // {"platform":{"knob":value,...},...}
  void write(JsonWriter& w) const;
  // Every knob with its help text, for --help.
  std::string describe() const;

 private:
  struct Knob {
    Value value;
    Value baseline;
    std::string help;
    std::int64_t min = 0;
    std::int64_t max = INT64_MAX;
  };
  std::string assign(Knob& knob, const std::string& id, const Value& v);
  const Knob& find(const std::string& platform, const std::string& name) const;

  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, Knob>> knobs_;
};

}  // namespace roi::sim

// Knob storage with range checks; values are integers or strings.
#include "settings.hpp"

#include <charconv>
#include <stdexcept>

namespace roi::sim {

void Settings::declare(const std::string& platform, const std::string& name, Value initial,
                       std::string help, std::int64_t min, std::int64_t max) {
  std::lock_guard lock(mu_);
  knobs_[platform][name] = Knob{initial, initial, std::move(help), min, max};
}

std::string Settings::assign(Knob& knob, const std::string& id, const Value& v) {
  if (v.index() != knob.value.index()) {
    return id + " takes " +
           (std::holds_alternative<std::int64_t>(knob.value) ? "an integer" : "a string");
  }
  if (const auto* n = std::get_if<std::int64_t>(&v);
      n != nullptr && (*n < knob.min || *n > knob.max)) {
    return id + " must be between " + std::to_string(knob.min) + " and " + std::to_string(knob.max);
  }
  knob.value = v;
  return {};
}

std::string Settings::set_text(std::string_view assignment) {
  const auto dot = assignment.find('.');
  const auto eq = assignment.find('=');
  if (dot == std::string_view::npos || eq == std::string_view::npos || dot > eq) {
    return "expected platform.knob=value, got '" + std::string(assignment) + "'";
  }
  const std::string platform(assignment.substr(0, dot));
  const std::string name(assignment.substr(dot + 1, eq - dot - 1));
  const std::string raw(assignment.substr(eq + 1));
  std::lock_guard lock(mu_);
  const auto p = knobs_.find(platform);
  if (p == knobs_.end() || p->second.count(name) == 0)
    return "unknown knob " + platform + "." + name;
  auto& knob = p->second.at(name);
  if (std::holds_alternative<std::string>(knob.value))
    return assign(knob, platform + "." + name, raw);
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
  if (ec != std::errc{} || end != raw.data() + raw.size())
    return platform + "." + name + " takes an integer";
  return assign(knob, platform + "." + name, n);
}

std::string Settings::set(const std::string& platform, const std::string& name,
                          const rapidjson::Value& value) {
  std::lock_guard lock(mu_);
  const auto p = knobs_.find(platform);
  if (p == knobs_.end()) return "unknown platform " + platform;
  const auto k = p->second.find(name);
  if (k == p->second.end()) return "unknown knob " + platform + "." + name;
  if (value.IsInt64()) return assign(k->second, platform + "." + name, value.GetInt64());
  if (value.IsString())
    return assign(k->second, platform + "." + name, std::string(value.GetString()));
  return platform + "." + name + " takes an integer or a string";
}

const Settings::Knob& Settings::find(const std::string& platform, const std::string& name) const {
  const auto p = knobs_.find(platform);
  if (p == knobs_.end() || p->second.count(name) == 0)
    throw std::logic_error("undeclared knob " + platform + "." + name);
  return p->second.at(name);
}

std::int64_t Settings::integer(const std::string& platform, const std::string& name) const {
  std::lock_guard lock(mu_);
  return std::get<std::int64_t>(find(platform, name).value);
}

std::string Settings::text(const std::string& platform, const std::string& name) const {
  std::lock_guard lock(mu_);
  return std::get<std::string>(find(platform, name).value);
}

void Settings::freeze_baseline() {
  std::lock_guard lock(mu_);
  for (auto& [platform, knobs] : knobs_)
    for (auto& [name, knob] : knobs) knob.baseline = knob.value;
}

void Settings::reset() {
  std::lock_guard lock(mu_);
  for (auto& [platform, knobs] : knobs_)
    for (auto& [name, knob] : knobs) knob.value = knob.baseline;
}

void Settings::write(JsonWriter& w) const {
  std::lock_guard lock(mu_);
  w.StartObject();
  for (const auto& [platform, knobs] : knobs_) {
    key(w, platform);
    w.StartObject();
    for (const auto& [name, knob] : knobs) {
      key(w, name);
      if (const auto* n = std::get_if<std::int64_t>(&knob.value))
        w.Int64(*n);
      else
        str(w, std::get<std::string>(knob.value));
    }
    w.EndObject();
  }
  w.EndObject();
}

std::string Settings::describe() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [platform, knobs] : knobs_) {
    for (const auto& [name, knob] : knobs) {
      const auto* n = std::get_if<std::int64_t>(&knob.value);
      out += "  " + platform + "." + name + " (default " +
             (n != nullptr ? std::to_string(*n) : "'" + std::get<std::string>(knob.value) + "'") +
             "): " + knob.help + "\n";
    }
  }
  return out;
}

}  // namespace roi::sim

// The configuration loader: YAML text and ROI_* environment overrides, validated key by key.
// Anything wrong must be a ConfigError naming the key, never another exception or a crash.
// Input: YAML text == environment ("NAME=value" lines).
#include "config/settings.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto f = roi::fuzz::fields(data, size, 2);
  roi::config::Environment env;
  std::string_view lines = f[1];
  while (!lines.empty()) {
    const auto nl = lines.find('\n');
    const auto line = lines.substr(0, nl);
    lines = nl == std::string_view::npos ? std::string_view{} : lines.substr(nl + 1);
    const auto eq = line.find('=');
    if (eq != std::string_view::npos) env[std::string(line.substr(0, eq))] = line.substr(eq + 1);
  }
  try {
    const auto settings = roi::config::parse_settings(std::string(f[0]), "fuzz.yaml", env);
    roi::config::setting_value(settings, "server.threads");
    roi::config::setting_value(settings, "plugins.dir");
  } catch (const roi::config::ConfigError&) {
  }
  return 0;
}

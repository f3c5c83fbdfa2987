// A library built for another SDK ABI. Its table aborts the process when touched, so a host
// that reads anything past the version number fails the test loudly.
#include <cstdlib>
#include <roi/sdk/plugin_api.hpp>

extern "C" __attribute__((visibility("default"))) std::uint32_t roi_sdk_abi_version() {
  return roi::sdk::kAbiVersion + 1;
}

extern "C" __attribute__((visibility("default"))) const roi::sdk::abi::ConnectorApi*
roi_sdk_connector_api() {
  std::abort();
}

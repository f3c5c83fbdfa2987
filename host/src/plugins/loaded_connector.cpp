#include "plugins/loaded_connector.hpp"

#include "security/sha256.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <boost/dll/shared_library.hpp>
#include <fstream>
#include <iterator>
#include <mutex>

#include "plugins/call_runner.hpp"
#include "plugins/output_checks.hpp"
#include "text/utf8.hpp"

namespace roi::plugins {
namespace {

constexpr std::uintmax_t kMaxLibraryBytes = 512u << 20;
std::atomic<int> g_libraries{0};

std::string safe(std::string_view message) {
  return text::sanitize_for_echo(message.substr(0, 500));
}

}  // namespace

// Counts itself so /metrics and the tests can see old versions really go away.
struct LoadedConnector::Library {
  boost::dll::shared_library dll;
  Library() { ++g_libraries; }
  ~Library() {
    dll.unload();
    --g_libraries;
  }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
};

std::string reason_key(RefusalReason reason) {
  switch (reason) {
    case RefusalReason::LoadFailed: return "load_failed";
    case RefusalReason::WrongAbi: return "wrong_abi";
    case RefusalReason::CheckFailed: return "check_failed";
    case RefusalReason::SettingsMissing: return "settings_missing";
    case RefusalReason::SettingsInvalid: return "settings_invalid";
  }
  return "unknown";
}

PrivateDir::PrivateDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "roi-plugins.XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a private plugin folder");
  path_ = pattern;
}

PrivateDir::~PrivateDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

LibraryContent read_library(const std::filesystem::path& source) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(source, ec);
  if (ec) throw Refusal(RefusalReason::LoadFailed, "cannot read the file: " + ec.message());
  if (size > kMaxLibraryBytes) throw Refusal(RefusalReason::LoadFailed, "the file is too large");
  std::ifstream in(source, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw Refusal(RefusalReason::LoadFailed, "cannot read the file");
  std::string sha256 = security::sha256_hex(bytes);
  return {std::move(bytes), std::move(sha256)};
}

PrivateDir::Copy PrivateDir::write(const LibraryContent& content, const std::string& file) {
  Copy copy{path_ / (std::to_string(next_++) + "-" + file), content.sha256};
  std::ofstream out(copy.path, std::ios::binary | std::ios::trunc);
  out.write(content.bytes.data(), static_cast<std::streamsize>(content.bytes.size()));
  out.close();
  if (!out) throw Refusal(RefusalReason::LoadFailed, "cannot write the private copy");
  return copy;
}

std::shared_ptr<LoadedConnector> LoadedConnector::load(const PrivateDir::Copy& copy,
                                                       std::string file,
                                                       std::chrono::milliseconds timeout,
                                                       const SettingsFor& settings_for) {
  auto library = std::make_shared<Library>();
  try {
    // RTLD_NOW: a library with unresolved symbols is refused here, not at its first call.
    library->dll.load(boost::dll::fs::path(copy.path.string()),
                      boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    ::unlink(copy.path.c_str());
    throw Refusal(RefusalReason::LoadFailed, "not a loadable library: " + safe(e.what()));
  }
  ::unlink(copy.path.c_str());  // the mapping keeps the content; nothing is left behind

  using sdk::abi::kAbiVersionSymbol;
  if (!library->dll.has(kAbiVersionSymbol)) {
    throw Refusal(RefusalReason::LoadFailed,
                  std::string("not a connector: it exports no ") + kAbiVersionSymbol);
  }
  const std::uint32_t abi = library->dll.get<sdk::abi::AbiVersionFn>(kAbiVersionSymbol)();
  if (abi != sdk::kAbiVersion) {
    throw Refusal(RefusalReason::WrongAbi, "built for SDK ABI " + std::to_string(abi) +
                                               ", this host speaks ABI " +
                                               std::to_string(sdk::kAbiVersion));
  }
  if (!library->dll.has(sdk::abi::kConnectorApiSymbol)) {
    throw Refusal(RefusalReason::LoadFailed, "not a connector: it exports no connector table");
  }
  const sdk::abi::ConnectorApi* api =
      library->dll.get<sdk::abi::ConnectorApiFn>(sdk::abi::kConnectorApiSymbol)();
  if (!api || !api->create || !api->destroy || !api->describe) {
    throw Refusal(RefusalReason::CheckFailed, "the connector table is incomplete");
  }

  // Creating and describing run plugin code: under a deadline, with everything they touch owned
  // by the shared state, so a hang only costs the thread it hangs on.
  struct Check {
    std::mutex mutex;
    bool abandoned = false;
    void* instance = nullptr;
    sdk::Status status;
    sdk::Description description;
  };
  auto check = std::make_shared<Check>();
  const bool finished = run_with_deadline(
      [check, library, api] {
        sdk::Status status;
        void* instance = api->create(status);
        sdk::Description description;
        if (status.ok() && instance) api->describe(instance, description, status);
        std::lock_guard lock(check->mutex);
        if (check->abandoned) {
          if (instance) api->destroy(instance);
          return;
        }
        check->instance = instance;
        check->status = std::move(status);
        check->description = std::move(description);
      },
      timeout);
  std::unique_lock lock(check->mutex);
  if (!finished) {
    check->abandoned = true;
    throw Refusal(RefusalReason::CheckFailed, "the connector did not describe itself within " +
                                                  std::to_string(timeout.count()) + " ms");
  }
  auto refuse = [&](const std::string& why) -> Refusal {
    if (check->instance) api->destroy(check->instance);
    return Refusal(RefusalReason::CheckFailed, why);
  };
  if (!check->status.ok()) {
    throw refuse("the connector failed its self-description: " + safe(check->status.message));
  }
  if (!check->instance) throw refuse("the connector created no instance");
  if (auto problem = plugins::check(check->description)) {
    throw refuse("the connector's self-description is invalid: " + *problem);
  }
  SettingValues settings;
  try {
    settings = settings_for(check->description);
  } catch (const Refusal&) {
    api->destroy(check->instance);
    throw;
  }
  return std::make_shared<LoadedConnector>(Passkey{}, std::move(library), api, check->instance,
                                           std::move(check->description), std::move(settings),
                                           std::move(file), copy.sha256);
}

LoadedConnector::LoadedConnector(Passkey, std::shared_ptr<Library> library,
                                 const sdk::abi::ConnectorApi* api, void* instance,
                                 sdk::Description description, SettingValues settings,
                                 std::string file, std::string sha256)
    : library_(std::move(library)),
      api_(api),
      instance_(instance),
      description_(std::move(description)),
      settings_(std::move(settings)),
      file_(std::move(file)),
      sha256_(std::move(sha256)),
      loaded_at_(std::chrono::system_clock::now()) {}

LoadedConnector::~LoadedConnector() { api_->destroy(instance_); }

int LoadedConnector::libraries_loaded() { return g_libraries.load(); }

}  // namespace roi::plugins

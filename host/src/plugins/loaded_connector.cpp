#include "plugins/loaded_connector.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "connector/output_checks.hpp"
#include "security/sha256.hpp"

namespace roi::plugins {
namespace {

constexpr std::uintmax_t kMaxLibraryBytes = 512u << 20;
std::atomic<int> g_libraries{0};

// The bytes as an anonymous file sealed against any change: a worker, which can reach it
// through its descriptor, cannot alter the code later workers of this version load.
UniqueFd sealed_memfd(const std::string& bytes, const std::string& file) {
  UniqueFd fd(::memfd_create(("roi-connector:" + file).c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (fd.get() < 0) {
    throw Refusal(RefusalReason::LoadFailed, std::string("memfd_create: ") + std::strerror(errno));
  }
  for (std::size_t at = 0; at < bytes.size();) {
    const ssize_t n = ::write(fd.get(), bytes.data() + at, bytes.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw Refusal(RefusalReason::LoadFailed,
                    std::string("cannot hold the library: ") + std::strerror(errno));
    }
    at += static_cast<std::size_t>(n);
  }
  if (::fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) !=
      0) {
    throw Refusal(RefusalReason::LoadFailed,
                  std::string("cannot seal the library: ") + std::strerror(errno));
  }
  return fd;
}

}  // namespace

std::string reason_key(RefusalReason reason) {
  switch (reason) {
    case RefusalReason::LoadFailed:
      return "load_failed";
    case RefusalReason::WrongAbi:
      return "wrong_abi";
    case RefusalReason::SettingsMissing:
      return "settings_missing";
    case RefusalReason::SettingsInvalid:
      return "settings_invalid";
    case RefusalReason::CheckFailed:
      return "check_failed";
  }
  return "unknown";
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

std::shared_ptr<LoadedConnector> LoadedConnector::load(const LibraryContent& content,
                                                       std::string file,
                                                       std::shared_ptr<const WorkerEnvironment> env,
                                                       const SettingsFor& settings_for) {
  const auto deadline = std::chrono::steady_clock::now() + env->load_timeout;
  auto workers = std::make_unique<WorkerPool>(env, sealed_memfd(content.bytes, file), file);
  WorkerPool::Started first = workers->start(deadline);
  if (auto problem = plugins::check(first.description)) {
    throw Refusal(RefusalReason::CheckFailed,
                  "the connector's self-description is invalid: " + *problem);
  }
  SettingValues settings = settings_for(first.description);
  workers->adopt(std::move(first.worker), first.description.id);
  return std::make_shared<LoadedConnector>(Passkey{}, std::move(workers),
                                           std::move(first.description), std::move(settings),
                                           std::move(file), content.sha256);
}

LoadedConnector::LoadedConnector(Passkey, std::unique_ptr<WorkerPool> workers,
                                 sdk::Description description, SettingValues settings,
                                 std::string file, std::string sha256)
    : workers_(std::move(workers)),
      description_(std::move(description)),
      settings_(std::move(settings)),
      file_(std::move(file)),
      sha256_(std::move(sha256)),
      loaded_at_(std::chrono::system_clock::now()) {
  ++g_libraries;
}

LoadedConnector::~LoadedConnector() { --g_libraries; }

int LoadedConnector::libraries_loaded() { return g_libraries.load(); }

}  // namespace roi::plugins

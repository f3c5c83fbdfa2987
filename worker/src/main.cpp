// roi-connector-worker: runs one connector library for roi-host, out of the host's process.
// roi-host starts it with execve, an empty environment, its socket at descriptor 3 and the
// library (a sealed memfd) at 4. Usage (by the host only):
//   roi-connector-worker --parent PID --memory-mb N [--uid UID --gid GID]
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <roi/wire/protocol.hpp>
#include <string>

#include "session.hpp"

#ifdef ROI_SANITIZE
// The host tells a connector's crash by the signal that ended its worker (the environment is
// empty, so this is where the worker's ASan options live): faults are left to the kernel.
extern "C" const char* __asan_default_options() {
  return "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_abort=0";
}
#endif

namespace {

struct Options {
  long parent = -1;
  long memory_mb = 0;
  long uid = -1;
  long gid = -1;
};

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "roi-connector-worker: %s: %s\n", what, std::strerror(errno));
  std::_Exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const long value = std::strtol(argv[i + 1], nullptr, 10);
    if (key == "--parent")
      o.parent = value;
    else if (key == "--memory-mb")
      o.memory_mb = value;
    else if (key == "--uid")
      o.uid = value;
    else if (key == "--gid")
      o.gid = value;
  }
  if (o.parent <= 0 || o.memory_mb <= 0 || (o.uid < 0) != (o.gid < 0)) {
    std::fprintf(stderr, "roi-connector-worker is started by roi-host only\n");
    std::_Exit(2);
  }
  return o;
}

// Everything before the library is mapped: die with the host, never gain privileges, a bounded
// address space, no core files, and the host's root dropped for an unprivileged user.
void confine(const Options& o) {
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) die("PR_SET_PDEATHSIG");
  if (::getppid() != o.parent) std::_Exit(0);  // the host died before the line above
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("PR_SET_NO_NEW_PRIVS");
#ifndef ROI_SANITIZE
  // AddressSanitizer reserves terabytes of shadow addresses: a sanitizer build runs unbounded.
  const rlim_t bytes = static_cast<rlim_t>(o.memory_mb) << 20;
  const rlimit memory{bytes, bytes};
  if (::setrlimit(RLIMIT_AS, &memory) != 0) die("RLIMIT_AS");
#endif
  const rlimit no_core{0, 0};
  if (::setrlimit(RLIMIT_CORE, &no_core) != 0) die("RLIMIT_CORE");
  if (o.uid >= 0) {
    if (::setgroups(0, nullptr) != 0) die("setgroups");
    if (::setgid(static_cast<gid_t>(o.gid)) != 0) die("setgid");
    if (::setuid(static_cast<uid_t>(o.uid)) != 0) die("setuid");
    if (::setuid(0) == 0) {
      errno = EPERM;
      die("root could be regained");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  confine(options);
  roi::worker::Session session(roi::wire::kSocketFd);
  if (!session.load(roi::wire::kLibraryFd)) return 0;
  session.serve();
}

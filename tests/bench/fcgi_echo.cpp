// The benchmark baseline: a bare libfcgi responder with the host's threading model (one accept
// thread per kept-alive nginx connection) that answers every request with a fixed small JSON body.
#include <fcgiapp.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fcgi_echo SOCKET [THREADS]\n");
    return 2;
  }
  const int threads = argc > 2 ? std::atoi(argv[2]) : 64;
  // libfcgi installs a SIGTERM handler of its own when the default is in place; it only wakes
  // one accept thread. A benchmark baseline just needs to die.
  signal(SIGTERM, [](int) { _exit(0); });
  FCGX_Init();
  ::unlink(argv[1]);
  const int fd = FCGX_OpenSocket(argv[1], 1024);
  if (fd < 0) {
    std::perror("FCGX_OpenSocket");
    return 1;
  }
  ::chmod(argv[1], 0666);
  static const char kReply[] =
      "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n"
      "{\"result\":{\"data\":\"echo\"}}\n";
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([fd] {
      FCGX_Request req;
      FCGX_InitRequest(&req, fd, 0);
      while (FCGX_Accept_r(&req) == 0) {
        FCGX_PutStr(kReply, sizeof kReply - 1, req.out);
        FCGX_Finish_r(&req);
      }
    });
  }
  for (auto& t : pool) t.join();
}

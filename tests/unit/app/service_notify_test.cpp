// Readiness reports reach the service manager's socket as systemd's sd_notify protocol has them:
// one datagram per state, to a path or an abstract name; without NOTIFY_SOCKET nothing is sent.
#include "app/service_notify.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

using roi::app::notify_service_manager;

namespace {

// A datagram socket bound to `name` (a path, or '@' + an abstract name), as systemd listens.
class Listener {
 public:
  explicit Listener(const std::string& name)
      : fd_(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, name.data(), name.size());
    if (name[0] == '@') addr.sun_path[0] = '\0';
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    CPPUNIT_ASSERT_EQUAL(0, ::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), len));
  }
  ~Listener() { ::close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  std::string receive() {
    char buf[256];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    return n < 0 ? std::string() : std::string(buf, static_cast<size_t>(n));
  }

 private:
  int fd_;
};

class ServiceNotifyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ServiceNotifyTest);
  CPPUNIT_TEST(sends_each_state_to_a_socket_path);
  CPPUNIT_TEST(sends_to_an_abstract_socket);
  CPPUNIT_TEST(does_nothing_without_a_manager);
  CPPUNIT_TEST(refuses_a_relative_or_overlong_name);
  CPPUNIT_TEST_SUITE_END();

 public:
  void tearDown() override { ::unsetenv("NOTIFY_SOCKET"); }

  void sends_each_state_to_a_socket_path() {
    const auto path = std::filesystem::temp_directory_path() /
                      ("roi-notify-" + std::to_string(::getpid()) + ".sock");
    std::filesystem::remove(path);
    Listener manager(path.string());
    ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
    CPPUNIT_ASSERT(notify_service_manager("READY=1"));
    CPPUNIT_ASSERT(notify_service_manager("STOPPING=1"));
    CPPUNIT_ASSERT_EQUAL(std::string("READY=1"), manager.receive());
    CPPUNIT_ASSERT_EQUAL(std::string("STOPPING=1"), manager.receive());
    std::filesystem::remove(path);
  }

  void sends_to_an_abstract_socket() {
    const std::string name = "@roi-notify-test-" + std::to_string(::getpid());
    Listener manager(name);
    ::setenv("NOTIFY_SOCKET", name.c_str(), 1);
    CPPUNIT_ASSERT(notify_service_manager("READY=1"));
    CPPUNIT_ASSERT_EQUAL(std::string("READY=1"), manager.receive());
  }

  void does_nothing_without_a_manager() {
    ::unsetenv("NOTIFY_SOCKET");
    CPPUNIT_ASSERT(!notify_service_manager("READY=1"));
  }

  void refuses_a_relative_or_overlong_name() {
    ::setenv("NOTIFY_SOCKET", "relative.sock", 1);
    CPPUNIT_ASSERT(!notify_service_manager("READY=1"));
    ::setenv("NOTIFY_SOCKET", ("/" + std::string(200, 'x')).c_str(), 1);
    CPPUNIT_ASSERT(!notify_service_manager("READY=1"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ServiceNotifyTest);

}  // namespace

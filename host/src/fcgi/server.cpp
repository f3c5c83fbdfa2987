#include "fcgi/server.hpp"

#include <fcgiapp.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace roi::fcgi {
namespace {

// The signal that wakes an accept thread out of accept()/read() during shutdown. Its handler
// does nothing: the point is the EINTR, which libfcgi turns into "stop" once shutdown is pending.
constexpr int kWakeSignal = SIGUSR2;

void ignore_signal(int) {}

void install_wake_handler() {
  struct sigaction sa {};
  sa.sa_handler = ignore_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocked calls must return EINTR
  sigaction(kWakeSignal, &sa, nullptr);
}

std::string param(FCGX_Request& req, const char* name) {
  const char* v = FCGX_GetParam(name, req.envp);
  return v ? std::string(v) : std::string();
}

// HTTP_X_FORWARDED_FOR -> x-forwarded-for
std::string header_name(std::string_view env_name) {
  std::string out;
  out.reserve(env_name.size());
  for (char c : env_name) {
    out.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool is_header_safe(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

}  // namespace

std::string response_head(const http::Response& response, std::vector<std::string>& dropped) {
  std::string head = "Status: " + std::to_string(response.status) + " " +
                     std::string(http::reason_phrase(response.status)) + "\r\n";
  for (const auto& [k, v] : response.headers) {
    if (!is_header_safe(k) || !is_header_safe(v)) {
      dropped.push_back(k);
      continue;
    }
    head += k + ": " + v + "\r\n";
  }
  head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
  return head;
}

struct Server::Worker {
  std::thread thread;
  std::mutex mutex;
  bool waiting = false;  // inside FCGX_Accept_r: safe to interrupt
  bool done = false;
  pthread_t handle{};
};

namespace {

// The proxies settings were validated when loaded.
http::TrustedProxies trusted_proxies(const std::string& list) {
  std::string problem;
  auto parsed = http::TrustedProxies::parse(list, problem);
  if (!parsed) throw std::runtime_error("server.trusted_proxies: " + problem);
  return std::move(*parsed);
}

// 0660 and the configured group: nginx's workers are in it, other local users are not.
void restrict_socket(const std::string& path, const std::string& group) {
  if (::chmod(path.c_str(), 0660) != 0) {
    throw std::runtime_error("cannot chmod FastCGI socket '" + path + "': " + std::strerror(errno));
  }
  if (group.empty()) return;
  const struct group* g = ::getgrnam(group.c_str());
  if (!g) throw std::runtime_error("server.socket_group: no group named '" + group + "'");
  if (::chown(path.c_str(), static_cast<uid_t>(-1), g->gr_gid) != 0) {
    throw std::runtime_error("cannot give FastCGI socket '" + path + "' to group '" + group +
                             "': " + std::strerror(errno));
  }
}

}  // namespace

Server::Server(const config::ServerSettings& settings, Handler handler, observability::Logger& log)
    : settings_(settings),
      handler_(std::move(handler)),
      log_(log),
      proxies_(trusted_proxies(settings.trusted_proxies)) {
  if (FCGX_Init() != 0) throw std::runtime_error("FCGX_Init failed");
  const std::string& path = settings_.socket;
  const bool is_unix = !path.empty() && path[0] != ':';
  if (is_unix) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    ::unlink(path.c_str());
  }
  listen_fd_ = FCGX_OpenSocket(path.c_str(), settings_.backlog);
  if (listen_fd_ < 0) {
    throw std::runtime_error("cannot listen on FastCGI socket '" + path +
                             "': " + std::strerror(errno));
  }
  if (is_unix) {
    try {
      restrict_socket(path, settings_.socket_group);
    } catch (const std::exception&) {
      ::close(listen_fd_);
      ::unlink(path.c_str());
      throw;
    }
  }
}

Server::~Server() {
  stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (!settings_.socket.empty() && settings_.socket[0] != ':') ::unlink(settings_.socket.c_str());
}

void Server::start() {
  install_wake_handler();
  for (int i = 0; i < settings_.threads; ++i) {
    auto worker = std::make_unique<Worker>();
    Worker& w = *worker;
    workers_.push_back(std::move(worker));
    w.thread = std::thread([this, &w] { run(w); });
  }
  log_.info("fcgi_listening").str("socket", settings_.socket).num("threads", settings_.threads);
}

http::Request Server::read_request(void* raw) {
  auto& req = *static_cast<FCGX_Request*>(raw);
  http::Request r;
  r.method = param(req, "REQUEST_METHOD");
  r.path = param(req, "DOCUMENT_URI");
  if (r.path.empty()) {
    r.path = param(req, "REQUEST_URI");
    r.path = r.path.substr(0, r.path.find('?'));
  }
  r.query = param(req, "QUERY_STRING");
  r.content_type = param(req, "CONTENT_TYPE");
  r.remote_addr = param(req, "REMOTE_ADDR");
  for (char** e = req.envp; e && *e; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("HTTP_", 0) != 0) continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    r.headers.emplace_back(header_name(entry.substr(5, eq - 5)), std::string(entry.substr(eq + 1)));
  }
  r.client_addr = http::client_address(r.remote_addr, r.header("x-forwarded-for"), proxies_);

  const std::string length_text = param(req, "CONTENT_LENGTH");
  std::size_t length = 0;
  try {
    length = length_text.empty() ? 0 : std::stoull(length_text);
  } catch (const std::exception&) {
    length = 0;
  }
  if (length > settings_.max_body_bytes) {
    r.body_too_large = true;
    // Drain what nginx sends so the kept-alive connection stays in step.
    char sink[16384];
    while (FCGX_GetStr(sink, sizeof sink, req.in) > 0) {
    }
    return r;
  }
  r.body.resize(length);
  int got = length ? FCGX_GetStr(r.body.data(), static_cast<int>(length), req.in) : 0;
  r.body.resize(static_cast<std::size_t>(std::max(got, 0)));
  return r;
}

void Server::run(Worker& w) {
  w.handle = pthread_self();
  sigset_t wake;
  sigemptyset(&wake);
  sigaddset(&wake, kWakeSignal);
  pthread_sigmask(SIG_UNBLOCK, &wake, nullptr);

  FCGX_Request req;
  FCGX_InitRequest(&req, listen_fd_, FCGI_FAIL_ACCEPT_ON_INTR);
  while (true) {
    {
      std::lock_guard lock(w.mutex);
      if (stopping_) break;
      w.waiting = true;
    }
    const int rc = FCGX_Accept_r(&req);
    {
      std::lock_guard lock(w.mutex);
      w.waiting = false;
    }
    if (rc < 0) {
      if (stopping_) break;
      continue;  // EINTR from a stray signal, or a connection that failed before a request
    }
    http::Response response;
    try {
      http::Request request = read_request(&req);
      response = handler_(request);
    } catch (const std::exception& e) {
      log_.error("request_failed").str("error", e.what());
      response = http::Response::json(500, R"({"error":"internal server error"})");
    }
    std::vector<std::string> dropped;
    const std::string head = response_head(response, dropped);
    for (const auto& name : dropped) log_.error("response_header_dropped").str("name", name);
    FCGX_PutStr(head.data(), static_cast<int>(head.size()), req.out);
    if (!response.body.empty()) {
      FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), req.out);
    }
    FCGX_Finish_r(&req);
  }
  FCGX_Free(&req, 1);
  std::lock_guard lock(w.mutex);
  w.done = true;
}

void Server::stop() {
  if (stopping_.exchange(true) || workers_.empty()) return;
  FCGX_ShutdownPending();
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.shutdown_grace_ms);
  // Threads waiting for a request are woken now; threads serving one finish it first and are
  // woken when they come back to wait. Repeat, because a signal can land just before accept().
  while (true) {
    bool all_done = true;
    for (auto& w : workers_) {
      std::lock_guard lock(w->mutex);
      if (w->done) continue;
      all_done = false;
      if (w->waiting) pthread_kill(w->handle, kWakeSignal);
    }
    if (all_done || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& w : workers_) {
    bool done;
    {
      std::lock_guard lock(w->mutex);
      done = w->done;
    }
    if (done) {
      w->thread.join();
    } else {
      w->thread.detach();  // still serving past the grace period: the process is exiting anyway
      log_.warn("fcgi_shutdown_grace_exceeded");
    }
  }
  workers_.clear();
  log_.info("fcgi_stopped");
}

}  // namespace roi::fcgi

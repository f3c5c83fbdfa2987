// Boost.Beast server core: accept loop, one session per connection, keep-alive, delayed writes.
#include "server.hpp"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>
#include <thread>
#include <vector>

namespace roi::sim {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kBodyLimit = 4 * 1024 * 1024;
constexpr std::uint32_t kHeaderLimit = 64 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(120);

std::string lower(boost::beast::string_view s) {
  std::string out(s.data(), s.size());
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Request to_request(const bhttp::request<bhttp::string_body>& msg) {
  Request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  const auto q = req.target.find('?');
  req.path = req.target.substr(0, q);
  if (q != std::string::npos) req.query = req.target.substr(q + 1);
  req.params = parse_form(req.query);
  for (const auto& field : msg)
    req.headers.emplace(lower(field.name_string()), std::string(field.value()));
  req.body = msg.body();
  return req;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Router& router)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), router_(router) {}

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(kIdleTimeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted) {
      return close();
    }
    if (ec) {
      // Unparseable input: say so once, then hang up; nothing after it can be trusted.
      auto res = Response::text(ec == bhttp::error::body_limit ? 413 : 400,
                                "Bad Request: " + ec.message());
      return write(std::move(res), false);
    }
    const auto& msg = parser_->get();
    Request req = to_request(msg);
    Response res = router_.dispatch(req);
    write(std::move(res), msg.keep_alive());
  }

  void write(Response res, bool keep_alive) {
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
    msg->version(11);
    msg->result(res.status);
    msg->set(bhttp::field::server, "roi-platform-sim");
    msg->set(bhttp::field::content_type, res.content_type);
    for (const auto& [name, value] : res.headers) msg->insert(name, value);
    msg->body() = std::move(res.body);
    msg->keep_alive(keep_alive);
    msg->prepare_payload();
    if (res.delay.count() <= 0) return send(msg);
    timer_.expires_after(res.delay);
    timer_.async_wait([self = shared_from_this(), msg](beast::error_code) { self->send(msg); });
  }

  void send(const std::shared_ptr<bhttp::response<bhttp::string_body>>& msg) {
    stream_.expires_after(kIdleTimeout);
    bhttp::async_write(stream_, *msg,
                       [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
                         if (ec || !msg->keep_alive()) return self->close();
                         self->read();
                       });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const Router& router_;
};

}  // namespace

struct Server::Impl {
  Impl(const Router& r, const std::string& address, unsigned short port, int n)
      : router(r), threads(std::max(1, n)), ioc(threads), acceptor(ioc) {
    const tcp::endpoint ep(net::ip::make_address(address), port);
    acceptor.open(ep.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(net::socket_base::max_listen_connections);
  }

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) std::make_shared<Session>(std::move(socket), router)->start();
      if (acceptor.is_open()) accept();
    });
  }

  const Router& router;
  int threads;
  net::io_context ioc;
  tcp::acceptor acceptor;
};

Server::Server(const Router& router, const std::string& address, unsigned short port, int threads)
    : impl_(std::make_unique<Impl>(router, address, port, threads)) {}

Server::~Server() = default;

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  net::signal_set signals(impl_->ioc, SIGINT, SIGTERM);
  signals.async_wait([this](beast::error_code, int) { impl_->ioc.stop(); });
  impl_->accept();
  std::vector<std::thread> pool;
  for (int i = 1; i < impl_->threads; ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : pool) t.join();
}

}  // namespace roi::sim

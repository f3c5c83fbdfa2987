#include "stripe_webhooks.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <roi/sdk/helpers/hmac.hpp>

#include <chrono>
#include <regex>

namespace roi::sim::stripe {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::string signature_header(const std::string& secret, const std::string& payload, std::int64_t t) {
  const std::string signed_payload = std::to_string(t) + "." + payload;
  return "t=" + std::to_string(t) + ",v1=" + sdk::helpers::to_hex(sdk::helpers::hmac_sha256(secret, signed_payload));
}

Delivery deliver(const std::string& url, const std::string& secret, const Event& event, std::int64_t now) {
  Delivery out{event.id, event.type, 0, {}};
  static const std::regex kUrl(R"(http://([^/:]+)(?::(\d+))?(/.*)?)");
  std::smatch m;
  if (!std::regex_match(url, m, kUrl)) {
    out.error = "webhook_url must be http://host[:port]/path";
    return out;
  }
  try {
    net::io_context ioc;
    net::ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(resolver.resolve(m[1].str(), m[2].matched ? m[2].str() : "80"));
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, m[3].matched ? m[3].str() : "/", 11};
    req.set(bhttp::field::host, m[2].matched ? m[1].str() + ":" + m[2].str() : m[1].str());
    req.set(bhttp::field::user_agent, "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    req.set(bhttp::field::content_type, "application/json; charset=utf-8");
    req.set("Stripe-Signature", signature_header(secret, event.payload, now));
    req.body() = event.payload;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    out.status = static_cast<int>(res.result_int());
    beast::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace roi::sim::stripe

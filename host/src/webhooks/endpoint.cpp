#include "webhooks/endpoint.hpp"

#include "api/error.hpp"

namespace roi::webhooks {
namespace {

http::Response answer(int status, std::string_view json) {
  return http::Response::json(status, std::string(json));
}

}  // namespace

void Endpoint::add(std::string name, std::unique_ptr<Provider> provider, Handler* handler) {
  routes_[std::move(name)] = Route{std::move(provider), handler};
}

http::Response Endpoint::handle(const http::Request& request, std::string_view name) {
  const auto it = routes_.find(name);
  if (it == routes_.end()) return answer(404, R"({"error":"unknown webhook provider"})");
  const Route& route = it->second;
  if (request.method == "GET") {
    if (auto reply = route.provider->handshake(request)) return *reply;
  }
  if (request.method != "POST") {
    http::Response r = answer(405, R"({"error":"method not allowed"})");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  if (request.body_too_large) return answer(413, R"({"error":"payload too large"})");
  return deliver(route, it->first, request);
}

http::Response Endpoint::deliver(const Route& route, const std::string& name,
                                 const http::Request& request) {
  const Verdict verdict = route.provider->verify(request, std::chrono::system_clock::now());
  if (verdict == Verdict::MissingSignature) return answer(401, R"({"error":"missing signature"})");
  if (verdict != Verdict::Valid) {
    const bool stale = verdict == Verdict::Stale;
    log_.warn("webhook_refused")
        .str("provider", name)
        .str("reason", stale ? "stale timestamp" : "bad signature")
        .str("remote", request.remote_addr);
    return answer(401, stale ? R"({"error":"signature timestamp outside the tolerance"})"
                             : R"({"error":"invalid signature"})");
  }
  const auto event = route.provider->parse(request);
  if (!event) return answer(400, R"({"error":"payload is not an event"})");
  try {
    if (journal_.record(name, *event)) {
      log_.info("webhook_duplicate").str("provider", name).str("event", event->id);
      return answer(200, R"({"received":true,"duplicate":true})");
    }
    const bool handled = route.handler && route.handler->handle(name, *event);
    if (!handled) journal_.mark_ignored(name, *event);
    log_.info("webhook_processed")
        .str("provider", name)
        .str("event", event->id)
        .str("type", event->type)
        .str("outcome", handled ? "handled" : "ignored");
    return answer(200, R"({"received":true})");
  } catch (const api::Error& e) {
    log_.error("webhook_failed")
        .str("provider", name)
        .str("event", event->id)
        .str("detail", e.detail().empty() ? e.what() : e.detail());
  } catch (const std::exception& e) {
    log_.error("webhook_failed")
        .str("provider", name)
        .str("event", event->id)
        .str("detail", e.what());
  }
  return answer(500, R"({"error":"processing failed; retry later"})");
}

}  // namespace roi::webhooks

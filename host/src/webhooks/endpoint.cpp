#include "webhooks/endpoint.hpp"

#include <algorithm>
#include <roi/sdk/helpers/encoding.hpp>

#include "api/error.hpp"
#include "connector/output_checks.hpp"

namespace roi::webhooks {
namespace {

using plugins::CallError;

http::Response answer(int status, std::string_view json) {
  return http::Response::json(status, std::string(json));
}

// What the connector sees of the request: the raw body, the query decoded, and the headers
// without the caller's credentials, which are never the provider's and never a plugin's business.
sdk::WebhookRequest webhook_request(const http::Request& request) {
  sdk::WebhookRequest out;
  for (const auto& [name, value] : request.headers) {
    if (name != "cookie" && name != "authorization") out.headers.emplace_back(name, value);
  }
  out.query = sdk::helpers::query_parameters(request.query);
  out.body = request.body;
  return out;
}

}  // namespace

http::Response Endpoint::handle(const http::Request& request, std::string_view connector) {
  auto client = [&]() -> std::optional<plugins::ConnectorClient> {
    try {
      auto c = connectors_.client(connector);
      if (c.loaded_description().has(sdk::Capability::Webhooks)) return c;
    } catch (const CallError&) {
      // Not loaded: the same answer as a connector that takes no webhooks.
    }
    return std::nullopt;
  }();
  if (!client) return answer(404, R"({"error":"no connector takes webhooks here"})");
  if (request.method == "GET") return handshake(*client, webhook_request(request));
  if (request.method != "POST") {
    http::Response r = answer(405, R"({"error":"method not allowed"})");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  if (request.body_too_large) return answer(413, R"({"error":"payload too large"})");
  return deliver(*client, webhook_request(request), request);
}

http::Response Endpoint::handshake(plugins::ConnectorClient& client,
                                   const sdk::WebhookRequest& request) {
  try {
    const auto challenge = client.webhook_handshake(request);
    if (!challenge) return http::Response::text(403, "Forbidden");
    return http::Response::text(200, *challenge);
  } catch (const CallError& e) {
    if (e.kind() == CallError::Kind::Unsupported) {
      http::Response r = answer(405, R"({"error":"method not allowed"})");
      r.headers.emplace_back("Allow", "POST");
      return r;
    }
    log_.warn("webhook_handshake_failed")
        .str("connector", client.loaded_description().id)
        .str("detail", e.detail());
    return answer(503, R"({"error":"the handshake could not be answered; retry later"})");
  }
}

http::Response Endpoint::deliver(plugins::ConnectorClient& client,
                                 const sdk::WebhookRequest& request, const http::Request& raw) {
  const sdk::Description& connector = client.loaded_description();
  const std::string& id = connector.id;
  try {
    if (!client.verify_webhook(request)) {
      log_.warn("webhook_refused").str("connector", id).str("remote", raw.remote_addr);
      return answer(401, R"({"error":"invalid signature"})");
    }
  } catch (const CallError& e) {
    // The connector could not check (its secret unset, a fault): the provider is to retry later.
    log_.error("webhook_unverified").str("connector", id).str("detail", e.detail());
    return answer(500, R"({"error":"processing failed; retry later"})");
  }
  std::vector<sdk::WebhookEvent> events;
  try {
    events = client.parse_webhook(request);
  } catch (const CallError& e) {
    log_.warn("webhook_unreadable")
        .str("connector", id)
        .str("kind", plugins::kind_key(e.kind()))
        .str("detail", e.detail());
    // The connector says the delivery is not one its provider sends. Anything else (a fault, a
    // timeout) may pass, so the provider is asked to retry.
    if (e.kind() == CallError::Kind::Permanent) {
      return answer(400, R"({"error":"payload is not an event"})");
    }
    return answer(500, R"({"error":"processing failed; retry later"})");
  }
  bool fresh = events.empty();
  for (const auto& event : events) {
    auto failed = [&](const std::string& detail) {
      log_.error("webhook_failed")
          .str("connector", id)
          .str("event", event.id)
          .str("detail", detail);
      return answer(500, R"({"error":"processing failed; retry later"})");
    };
    try {
      fresh = !process(connector, event) || fresh;
    } catch (const api::Error& e) {
      return failed(e.detail().empty() ? e.what() : e.detail());
    } catch (const std::exception& e) {
      return failed(e.what());
    }
  }
  return fresh ? answer(200, R"({"received":true})")
               : answer(200, R"({"received":true,"duplicate":true})");
}

bool Endpoint::process(const sdk::Description& connector, const sdk::WebhookEvent& event) {
  if (journal_.record(connector.id, event)) {
    log_.info("webhook_duplicate").str("connector", connector.id).str("event", event.id);
    return true;
  }
  const bool handled = std::any_of(handlers_.begin(), handlers_.end(),
                                   [&](Handler* h) { return h->handle(connector, event); });
  if (!handled) journal_.mark_ignored(connector.id, event);
  log_.info("webhook_processed")
      .str("connector", connector.id)
      .str("event", event.id)
      .str("type", event.type)
      .str("action", plugins::webhook_action_name(event.action))
      .str("outcome", handled ? "handled" : "ignored");
  return false;
}

}  // namespace roi::webhooks

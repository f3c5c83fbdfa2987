// What a webhook provider plugs into /api/webhooks/<name>: a signature check over the raw body,
// the event a verified body names, an optional GET handshake, and the handler acting on events.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace roi::webhooks {

// One delivery after its signature passed: the provider's event id (deduplication key), its type
// and the raw body it came in.
struct Event {
  std::string id;
  std::string type;
  std::string body;
  std::string account;  // whose data, when the provider names it outside the body (Shopify's shop)
  // The body as the provider parsed it (an object), so a handler need not parse it again; null
  // when the provider did not keep it.
  std::shared_ptr<const rapidjson::Document> json;
};

enum class Verdict { Valid, MissingSignature, BadSignature, Stale };

class Provider {
 public:
  virtual ~Provider() = default;

  // Checks the signature over the raw body; nothing has been parsed yet.
  virtual Verdict verify(const http::Request& request,
                         std::chrono::system_clock::time_point now) const = 0;
  // The event in a verified body; nullopt when the body is not one (answered 400).
  virtual std::optional<Event> parse(const http::Request& request) const = 0;
  // A GET the provider sends to prove the endpoint is ours (Meta's hub.challenge); nullopt: the
  // provider sends none and GET is refused.
  virtual std::optional<http::Response> handshake(const http::Request& request) const {
    (void)request;
    return std::nullopt;
  }
};

// Acts on events seen for the first time. Throws on failure, so the delivery is answered 5xx and
// the provider retries.
class Handler {
 public:
  virtual ~Handler() = default;
  // False when the event's type is none of this handler's business (accepted and ignored).
  // When it changes state, the handler marks the event processed in the same transaction
  // (Journal::claim), so a retry that races it or follows it never applies it twice.
  virtual bool handle(std::string_view provider, const Event& event) = 0;
};

// The record of deliveries, kept before anything acts on them.
class Journal {
 public:
  virtual ~Journal() = default;
  // Records a delivery (committed at once); true when the event was processed already.
  virtual bool record(std::string_view provider, const Event& event) = 0;
  // Marks an event no handler acts on as processed.
  virtual void mark_ignored(std::string_view provider, const Event& event) = 0;
};

}  // namespace roi::webhooks

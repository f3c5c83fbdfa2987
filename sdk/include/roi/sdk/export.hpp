// ROI_SDK_CONNECTOR(Type): the one line that turns a Connector class into a loadable plugin.
// It compiles an adapter into the plugin that catches every exception there and returns values.
#pragma once

#include <algorithm>
#include <exception>
#include <memory>
#include <new>

#include "roi/sdk/plugin_api.hpp"

namespace roi::sdk::detail {

// Runs `body` and turns whatever it throws into a Status. This code is instantiated inside the
// plugin, so the exception's type_info, its object and its unwinding all stay in the library.
template <typename Body>
void guarded(Status& status, Body&& body) noexcept {
  try {
    body();
    status = Status{};
  } catch (const ConnectorError& e) {
    status = Status{e.kind(), e.what(), e.retry_after()};
  } catch (const std::bad_alloc&) {
    status = Status{ErrorKind::Transient, "the connector ran out of memory", {}};
  } catch (const std::exception& e) {
    status = Status{ErrorKind::Fault, e.what(), {}};
  } catch (...) {
    status = Status{ErrorKind::Fault, "the connector threw a non-standard exception", {}};
  }
}

inline Connector& self(void* connector) { return *static_cast<Connector*>(connector); }

inline ConnectorError unsupported(const char* what) {
  return ConnectorError(ErrorKind::Unsupported,
                        std::string("this connector does not offer ") + what);
}

// The capabilities a connector claims are derived from what it implements, so they cannot lie.
inline void describe(void* c, Description& out, Status& status) noexcept {
  guarded(status, [&] {
    Connector& connector = self(c);
    Description d = connector.describe();
    std::erase_if(d.capabilities, [](Capability cap) { return cap != Capability::Ads; });
    if (connector.orders()) d.capabilities.push_back(Capability::Orders);
    if (connector.billing()) d.capabilities.push_back(Capability::Billing);
    if (connector.accepts_webhooks()) d.capabilities.push_back(Capability::Webhooks);
    out = std::move(d);
  });
}

inline void destroy(void* c) noexcept {
  // Adopted by a unique_ptr so the plugin's own deleter (and vtable) run inside the plugin.
  std::unique_ptr<Connector> owned(static_cast<Connector*>(c));
}

template <typename T>
void* create(Status& status) noexcept {
  Connector* created = nullptr;
  guarded(status, [&] { created = std::make_unique<T>().release(); });
  return created;
}

template <typename T>
constexpr abi::ConnectorApi make_api() {
  return abi::ConnectorApi{
      &create<T>,
      &destroy,
      &describe,
      [](void* c, HostServices& h, const OAuthStartRequest& r, OAuthStart& out,
         Status& s) noexcept { guarded(s, [&] { out = self(c).start_oauth(h, r); }); },
      [](void* c, HostServices& h, const OAuthFinishRequest& r, Credentials& out,
         Status& s) noexcept { guarded(s, [&] { out = self(c).finish_oauth(h, r); }); },
      [](void* c, HostServices& h, const Credentials& r, Credentials& out, Status& s) noexcept {
        guarded(s, [&] { out = self(c).refresh_credentials(h, r); });
      },
      [](void* c, HostServices& h, const Credentials& r, std::vector<Account>& out,
         Status& s) noexcept { guarded(s, [&] { out = self(c).list_accounts(h, r); }); },
      [](void* c, HostServices& h, const SyncRequest& r, RecordSink& sink, Status& s) noexcept {
        guarded(s, [&] { self(c).sync(h, r, sink); });
      },
      [](void* c, HostServices& h, const WebhookRequest& r, bool& out, Status& s) noexcept {
        guarded(s, [&] { out = self(c).verify_webhook(h, r); });
      },
      [](void* c, HostServices& h, const WebhookRequest& r, std::vector<WebhookEvent>& out,
         Status& s) noexcept { guarded(s, [&] { out = self(c).parse_webhook(h, r); }); },
      [](void* c, HostServices& h, const SyncRequest& r, RecordSink& sink, Status& s) noexcept {
        guarded(s, [&] {
          OrdersCapability* orders = self(c).orders();
          if (!orders) throw unsupported("orders");
          orders->sync_orders(h, r, sink);
        });
      },
      [](void* c, HostServices& h, const CheckoutRequest& r, CheckoutSession& out,
         Status& s) noexcept {
        guarded(s, [&] {
          BillingCapability* billing = self(c).billing();
          if (!billing) throw unsupported("billing");
          out = billing->create_checkout(h, r);
        });
      },
      [](void* c, HostServices& h, const std::string& id, Status& s) noexcept {
        guarded(s, [&] {
          BillingCapability* billing = self(c).billing();
          if (!billing) throw unsupported("billing");
          billing->cancel_subscription(h, id);
        });
      },
      [](void* c, HostServices& h, const Credentials& r, Status& s) noexcept {
        guarded(s, [&] { self(c).check(h, r); });
      },
      [](void* c, HostServices& h, const FormConnectRequest& r, Credentials& out,
         Status& s) noexcept { guarded(s, [&] { out = self(c).connect_form(h, r); }); },
      [](void* c, HostServices& h, const WebhookRequest& r, std::optional<std::string>& out,
         Status& s) noexcept { guarded(s, [&] { out = self(c).webhook_handshake(h, r); }); },
      [](void* c, HostServices& h, const PlanChangeRequest& r, SubscriptionChange& out,
         Status& s) noexcept {
        guarded(s, [&] {
          BillingCapability* billing = self(c).billing();
          if (!billing) throw unsupported("billing");
          out = billing->change_plan(h, r);
        });
      },
  };
}

}  // namespace roi::sdk::detail

// Exports `Type` (default-constructible, derived from roi::sdk::Connector) from this library.
// Use it once, in one source file of the plugin.
#define ROI_SDK_CONNECTOR(Type)                                                                \
  extern "C" __attribute__((visibility("default"))) std::uint32_t roi_sdk_abi_version() {      \
    return ::roi::sdk::kAbiVersion;                                                            \
  }                                                                                            \
  extern "C" __attribute__((visibility("default"))) const ::roi::sdk::abi::ConnectorApi*       \
  roi_sdk_connector_api() {                                                                    \
    static constexpr ::roi::sdk::abi::ConnectorApi api = ::roi::sdk::detail::make_api<Type>(); \
    return &api;                                                                               \
  }                                                                                            \
  static_assert(true, "ROI_SDK_CONNECTOR is used as a statement")

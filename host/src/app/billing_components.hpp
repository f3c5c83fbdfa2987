// Billing and webhooks built from settings: the subscription and usage repositories, the plan
// limits other modules check, the webhook journal, the handlers of connectors' webhook events and
// the /api/webhooks/<connector> endpoint.
#pragma once

#include "api/procedure.hpp"
#include "app/settings.hpp"
#include "auth/user_store.hpp"
#include "modules/billing/plan_limits.hpp"
#include "modules/billing/subscription_webhook_handler.hpp"
#include "observability/log.hpp"
#include "plugins/plugin_host.hpp"
#include "store/account_events.hpp"
#include "store/pool.hpp"
#include "store/subscription_repository.hpp"
#include "store/usage_repository.hpp"
#include "store/webhook_journal.hpp"
#include "webhooks/endpoint.hpp"

namespace roi::app {

// The store's webhook journal and account events behind the ports webhooks/ declares (the store
// itself knows nothing of webhooks/).
class WebhookJournalPort final : public webhooks::Journal {
 public:
  explicit WebhookJournalPort(store::WebhookJournal& journal) : journal_(journal) {}
  bool record(std::string_view connector, const sdk::WebhookEvent& event) override {
    return journal_.record(connector, event);
  }
  void mark_ignored(std::string_view connector, const sdk::WebhookEvent& event) override {
    journal_.mark_ignored(connector, event);
  }

 private:
  store::WebhookJournal& journal_;
};

class AccountEventsPort final : public webhooks::Handler {
 public:
  explicit AccountEventsPort(store::AccountEvents& events) : events_(events) {}
  bool handle(const sdk::Description& connector, const sdk::WebhookEvent& event) override {
    return events_.handle(connector, event);
  }

 private:
  store::AccountEvents& events_;
};

class BillingComponents {
 public:
  // `connectors` must outlive it.
  BillingComponents(const Settings& settings, store::Pool& pool, store::ChangeFeed& changes,
                    const plugins::PluginHost& connectors, observability::Logger& log);

  // subscription.*; `users` and `connectors` must outlive the registry.
  void register_procedures(api::ProcedureRegistry& registry, auth::UserStore& users,
                           const plugins::PluginHost& connectors);
  // What integrations connect, report generation and the scheduler check before acting.
  modules::billing::PlanLimits& plan_limits() { return limits_; }
  webhooks::Endpoint& webhooks() { return endpoint_; }

 private:
  std::string frontend_url_;
  std::string billing_connector_;
  store::SubscriptionRepository subscriptions_;
  store::UsageRepository usage_;
  store::WebhookJournal journal_;
  WebhookJournalPort journal_port_;
  modules::billing::PlanLimits limits_;
  modules::billing::SubscriptionWebhookHandler subscription_events_;
  store::AccountEvents account_events_;
  AccountEventsPort account_events_port_;
  webhooks::Endpoint endpoint_;
};

}  // namespace roi::app

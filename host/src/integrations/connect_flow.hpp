// Connecting a user's accounts through a connector: the OAuth code flow (start: a fresh state and
// the connector's authorize URL; finish: state checked and consumed, code exchanged) or a form
// (the connector turns the fields into credentials and checks them); then, either way, the
// accounts listed, the plan's limit applied, the tokens sealed and stored. The connector is
// called through the plugin host, under its deadlines.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/error.hpp"
#include "integrations/integration_store.hpp"
#include "integrations/oauth_state_store.hpp"
#include "integrations/sync_queue.hpp"
#include "observability/log.hpp"
#include "plugins/plugin_host.hpp"
#include "security/token_cipher.hpp"

namespace roi::integrations {

// The connector an account is connected through: its id (also the stored platform and the
// callback path segment) and the name shown in messages.
struct Platform {
  std::string id;    // "google-ads"
  std::string name;  // "Google Ads"
};

// What the platform sent back to the callback.
struct CallbackParams {
  std::string state;
  std::string code;
  std::string error;   // set when the user declined (error=access_denied) or the platform failed
  sdk::Headers query;  // every parameter, decoded: Shopify signs them all (hmac, shop, timestamp)
};

struct ConnectResult {
  bool ok = false;
  std::string message;  // for the user: what happened, never a token or internal detail
  int accounts = 0;
};

// Throws api::Error(FORBIDDEN) when the user's plan allows no further integration.
using AddCheck = std::function<void(std::int64_t user_id)>;

class ConnectFlow {
 public:
  // Every account stored is synced at once: `sync` queues its first sync ahead of scheduled ones.
  ConnectFlow(IntegrationStore& integrations, OAuthStateStore& states, SyncQueue& sync,
              plugins::PluginHost& plugins, const security::TokenCipher& cipher,
              AddCheck check_can_add, observability::Logger& log,
              std::chrono::seconds state_ttl = std::chrono::minutes(10));

  // The URL to send the user's browser to. `callback_base` is this API's origin. Throws
  // api::Error: the plan's FORBIDDEN when the user is at the limit and has nothing on this
  // platform to reconnect, or the connector's CallError when it is unavailable or fails.
  // `params` is what the user named (Shopify: the shop), passed on to the connector;
  // `expected_account`, when given, is the only account the callback may connect (Shopify: that
  // shop; a login that comes back with another connects nothing).
  std::string start(std::int64_t user_id, const Platform& platform,
                    const std::string& callback_base, const sdk::Headers& params = {},
                    const std::string& expected_account = "");

  // Never throws: every refusal is a readable result.
  ConnectResult finish(const Platform& platform, const CallbackParams& params);

  // A form connect: `fields` (checked against the connector's form by the caller) become
  // credentials, which are checked, and every account they reach is stored as far as the plan
  // allows. Returns the account ids stored. Throws api::Error: BAD_REQUEST with the platform's
  // reason when it refuses the fields (any of `secrets` cut out of it), the plan's FORBIDDEN, or
  // the connector's CallError.
  std::vector<std::string> connect_form(std::int64_t user_id, const Platform& platform,
                                        const sdk::Headers& fields,
                                        const std::vector<std::string>& secrets);

  // The authenticated data bound to one sealed token: whose, which account, which field.
  static std::string token_context(std::int64_t user_id, std::string_view platform,
                                   std::string_view account_id, std::string_view field);

 private:
  // What store_accounts saved, and the plan's refusal once an account did not fit.
  struct Stored {
    std::vector<std::string> accounts;
    std::optional<api::Error> limit;
  };
  Stored store_accounts(std::int64_t user_id, const Platform& platform,
                        const std::vector<sdk::Account>& accounts,
                        const sdk::Credentials& credentials);
  ConnectResult finish_accounts(std::int64_t user_id, const Platform& platform,
                                plugins::ConnectorClient& client,
                                const sdk::Credentials& credentials,
                                const std::string& expected_account);
  ConnectedAccount sealed(std::int64_t user_id, const Platform& platform,
                          const sdk::Account& account, const sdk::Credentials& credentials) const;

  IntegrationStore& integrations_;
  OAuthStateStore& states_;
  SyncQueue& sync_;
  plugins::PluginHost& plugins_;
  const security::TokenCipher& cipher_;
  AddCheck check_can_add_;
  observability::Logger& log_;
  std::chrono::seconds state_ttl_;
};

}  // namespace roi::integrations

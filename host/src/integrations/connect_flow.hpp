// The OAuth connect of an ad platform: start (a fresh state, the connector's authorize URL) and
// finish (state checked and consumed, code exchanged, accounts listed, tokens sealed and stored).
// The connector is called through the plugin host, under its deadlines.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "integrations/integration_store.hpp"
#include "integrations/oauth_state_store.hpp"
#include "integrations/platforms.hpp"
#include "observability/log.hpp"
#include "plugins/plugin_host.hpp"
#include "security/token_cipher.hpp"

namespace roi::integrations {

// What the platform sent back to the callback.
struct CallbackParams {
  std::string state;
  std::string code;
  std::string error;  // set when the user declined (error=access_denied) or the platform failed
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
  ConnectFlow(IntegrationStore& integrations, OAuthStateStore& states,
              plugins::PluginHost& plugins, const security::TokenCipher& cipher,
              AddCheck check_can_add, observability::Logger& log,
              std::chrono::seconds state_ttl = std::chrono::minutes(10));

  // The URL to send the user's browser to. `callback_base` is this API's origin. Throws
  // api::Error: the plan's FORBIDDEN when the user is at the limit and has nothing on this
  // platform to reconnect, or the connector's CallError when it is unavailable or fails.
  // `params` is what the user named (Shopify: the shop), passed on to the connector;
  // `expected_account`, when given, is the only account the callback may connect (Shopify: that
  // shop; a login that comes back with another connects nothing).
  std::string start(std::int64_t user_id, const Platform& platform, const std::string& callback_base,
                    const sdk::Headers& params = {}, const std::string& expected_account = "");

  // Never throws: every refusal is a readable result.
  ConnectResult finish(const Platform& platform, const CallbackParams& params);

  // The authenticated data bound to one sealed token: whose, which account, which field.
  static std::string token_context(std::int64_t user_id, std::string_view platform,
                                   std::string_view account_id, std::string_view field);

 private:
  ConnectResult store_accounts(std::int64_t user_id, const Platform& platform,
                               plugins::ConnectorClient& client, const sdk::Credentials& credentials,
                               const std::string& expected_account);
  ConnectedAccount sealed(std::int64_t user_id, const Platform& platform,
                          const sdk::Account& account, const sdk::Credentials& credentials) const;

  IntegrationStore& integrations_;
  OAuthStateStore& states_;
  plugins::PluginHost& plugins_;
  const security::TokenCipher& cipher_;
  AddCheck check_can_add_;
  observability::Logger& log_;
  std::chrono::seconds state_ttl_;
};

}  // namespace roi::integrations

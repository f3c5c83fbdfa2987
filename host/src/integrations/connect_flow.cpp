#include "integrations/connect_flow.hpp"

#include <algorithm>

#include "security/oauth_state.hpp"

namespace roi::integrations {
namespace {

std::string callback_path(const Platform& platform) {
  return "/api/oauth/" + std::string(platform.id) + "/callback";
}

// Integrations that count against the plan (a disconnected one does not), by account id.
std::vector<std::string> counted_accounts(IntegrationStore& store, std::int64_t user_id,
                                          std::string_view platform) {
  std::vector<std::string> out;
  for (const auto& i : store.list(user_id)) {
    if (i.platform == platform && i.status != "disconnected") out.push_back(i.account_id);
  }
  return out;
}

}  // namespace

ConnectFlow::ConnectFlow(IntegrationStore& integrations, OAuthStateStore& states,
                         plugins::PluginHost& plugins, const security::TokenCipher& cipher,
                         AddCheck check_can_add, observability::Logger& log,
                         std::chrono::seconds state_ttl)
    : integrations_(integrations),
      states_(states),
      plugins_(plugins),
      cipher_(cipher),
      check_can_add_(std::move(check_can_add)),
      log_(log),
      state_ttl_(state_ttl) {}

std::string ConnectFlow::token_context(std::int64_t user_id, std::string_view platform,
                                       std::string_view account_id, std::string_view field) {
  return "roi-token-v1\n" + std::to_string(user_id) + "\n" + std::string(platform) + "\n" +
         std::string(account_id) + "\n" + std::string(field);
}

std::string ConnectFlow::start(std::int64_t user_id, const Platform& platform,
                               const std::string& callback_base, const sdk::Headers& params,
                               const std::string& expected_account) {
  auto client = plugins_.client(platform.id);  // "connector unavailable" before any state exists
  // A reconnect (the platform already has integrations) must work at the limit; anything else
  // is refused before the user goes through the platform's consent for nothing.
  if (counted_accounts(integrations_, user_id, platform.id).empty()) check_can_add_(user_id);
  const std::string state = security::new_oauth_state();
  const std::string redirect_uri = callback_base + callback_path(platform);
  const auto url = client.start_oauth({redirect_uri, state, params}).authorize_url;
  states_.create(security::oauth_state_hash(state),
                 {user_id, std::string(platform.id), redirect_uri, expected_account}, state_ttl_);
  return url;
}

ConnectResult ConnectFlow::finish(const Platform& platform, const CallbackParams& params) {
  const std::string name(platform.name);
  auto refuse = [&](const std::string& reason, std::string message) {
    log_.warn("oauth_connect_refused").str("platform", platform.id).str("reason", reason);
    return ConnectResult{false, std::move(message), 0};
  };
  const std::string expired = "This " + name +
                              " connection link is invalid, already used or expired. Please "
                              "start the connection again.";
  if (params.state.empty() || params.state.size() > 256) return refuse("missing_state", expired);
  std::optional<PendingConnect> pending;
  try {
    pending = states_.consume(security::oauth_state_hash(params.state));
  } catch (const api::Error& e) {
    log_.error("oauth_state_lookup_failed").str("detail", e.detail());
    return {false, "Something went wrong while connecting " + name + ". Please try again.", 0};
  }
  if (!pending || pending->platform != platform.id) return refuse("unknown_state", expired);
  if (!params.error.empty()) {
    return refuse("declined", "Access to " + name + " was not granted, so nothing was connected.");
  }
  if (params.code.empty()) return refuse("no_code", name + " did not send an authorization code.");

  try {
    auto client = plugins_.client(platform.id);
    const auto credentials = client.finish_oauth({pending->redirect_uri, params.code, params.query});
    return store_accounts(pending->user_id, platform, client, credentials,
                          pending->expected_account);
  } catch (const plugins::CallError& e) {
    log_.warn("oauth_connect_failed").str("platform", platform.id)
        .str("kind", plugins::kind_key(e.kind())).str("detail", e.detail());
    if (e.kind() == plugins::CallError::Kind::Unavailable) {
      return {false, name + " connections are unavailable right now. Please try again later.", 0};
    }
    return {false, name + " did not accept the connection. Please try again.", 0};
  } catch (const std::exception& e) {
    log_.error("oauth_connect_failed").str("platform", platform.id).str("detail", e.what());
    return {false, "Something went wrong while connecting " + name + ". Please try again.", 0};
  }
}

ConnectedAccount ConnectFlow::sealed(std::int64_t user_id, const Platform& platform,
                                     const sdk::Account& account,
                                     const sdk::Credentials& credentials) const {
  ConnectedAccount row;
  row.user_id = user_id;
  row.platform = platform.id;
  row.account_id = account.id;
  row.account_name = account.name;
  row.currency = account.currency;
  row.time_zone = account.time_zone;
  auto access = cipher_.seal(credentials.access_token,
                             token_context(user_id, platform.id, account.id, "access"));
  row.token_key_id = access.key_id;
  row.access_token_sealed = std::move(access.bytes);
  if (!credentials.refresh_token.empty()) {
    row.refresh_token_sealed =
        cipher_.seal(credentials.refresh_token,
                     token_context(user_id, platform.id, account.id, "refresh"))
            .bytes;
  }
  if (credentials.expires_at) row.token_expiry = credentials.expires_at->time_since_epoch().count();
  return row;
}

ConnectResult ConnectFlow::store_accounts(std::int64_t user_id, const Platform& platform,
                                          plugins::ConnectorClient& client,
                                          const sdk::Credentials& credentials,
                                          const std::string& expected_account) {
  const auto accounts = client.list_accounts(credentials);
  const std::string name(platform.name);
  if (accounts.empty()) {
    return {false, "No " + name + " ad accounts were found for this login.", 0};
  }
  if (!expected_account.empty() &&
      (accounts.size() != 1 || accounts.front().id != expected_account)) {
    log_.warn("oauth_connect_refused").str("platform", platform.id).str("reason", "other_account");
    return {false, name + " approved another account than " + expected_account +
                       ", so nothing was connected. Please connect " + expected_account + " again.",
            0};
  }
  const auto counted = counted_accounts(integrations_, user_id, platform.id);
  int stored = 0;
  std::string limit;  // the plan's refusal, once a new account does not fit
  for (const auto& account : accounts) {
    const bool counts_already = std::find(counted.begin(), counted.end(), account.id) != counted.end();
    if (!counts_already) {
      if (!limit.empty()) continue;
      try {
        check_can_add_(user_id);
      } catch (const api::Error& e) {
        if (e.code() != api::ErrorCode::Forbidden) throw;
        limit = e.what();
        continue;
      }
    }
    integrations_.save(sealed(user_id, platform, account, credentials));
    ++stored;
  }
  log_.info("oauth_connected").num("user", user_id).str("platform", platform.id)
      .num("accounts", stored).num("over_limit", static_cast<std::int64_t>(accounts.size()) - stored);
  if (stored == 0) return {false, limit, 0};
  std::string message = name + ": " + std::to_string(stored) +
                        (stored == 1 ? " account" : " accounts") + " connected.";
  if (!limit.empty()) message += " " + limit;
  return {true, message, stored};
}

}  // namespace roi::integrations

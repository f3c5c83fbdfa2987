#include "integrations/connect_flow.hpp"

#include <algorithm>

#include "security/oauth_state.hpp"
#include "text/utf8.hpp"

namespace roi::integrations {
namespace {

std::string callback_path(const Platform& platform) {
  return "/api/oauth/" + platform.id + "/callback";
}

// The connector's own words for a refusal (after "<id>: "), with every secret the user typed cut
// out: a platform that quotes the key it refused must not make us echo or log it.
std::string redacted_reason(const plugins::CallError& e, const Platform& platform,
                            const std::vector<std::string>& secrets) {
  std::string reason = e.detail();
  if (reason.starts_with(platform.id + ": ")) reason.erase(0, platform.id.size() + 2);
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    // Searching on after the replacement: a secret found inside "[hidden]" is not found again.
    constexpr std::string_view kHidden = "[hidden]";
    for (auto at = reason.find(secret); at != std::string::npos;
         at = reason.find(secret, at + kHidden.size())) {
      reason.replace(at, secret.size(), kHidden);
    }
  }
  return text::sanitize_for_echo(std::string_view(reason).substr(0, 300));
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

ConnectFlow::ConnectFlow(IntegrationStore& integrations, OAuthStateStore& states, SyncQueue& sync,
                         plugins::PluginHost& plugins, const security::TokenCipher& cipher,
                         AddCheck check_can_add, observability::Logger& log,
                         std::chrono::seconds state_ttl)
    : integrations_(integrations),
      states_(states),
      sync_(sync),
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
                 {user_id, platform.id, redirect_uri, expected_account}, state_ttl_);
  return url;
}

ConnectResult ConnectFlow::finish(const Platform& platform, const CallbackParams& params) {
  const std::string& name = platform.name;
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
    const auto credentials =
        client.finish_oauth({pending->redirect_uri, params.code, params.query});
    return finish_accounts(pending->user_id, platform, client, credentials,
                           pending->expected_account);
  } catch (const plugins::CallError& e) {
    log_.warn("oauth_connect_failed")
        .str("platform", platform.id)
        .str("kind", plugins::kind_key(e.kind()))
        .str("detail", e.detail());
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
    row.refresh_token_sealed = cipher_
                                   .seal(credentials.refresh_token,
                                         token_context(user_id, platform.id, account.id, "refresh"))
                                   .bytes;
  }
  if (credentials.expires_at) row.token_expiry = credentials.expires_at->time_since_epoch().count();
  return row;
}

ConnectFlow::Stored ConnectFlow::store_accounts(std::int64_t user_id, const Platform& platform,
                                                const std::vector<sdk::Account>& accounts,
                                                const sdk::Credentials& credentials) {
  const auto counted = counted_accounts(integrations_, user_id, platform.id);
  Stored stored;
  for (const auto& account : accounts) {
    const bool counts_already =
        std::find(counted.begin(), counted.end(), account.id) != counted.end();
    if (!counts_already) {
      if (stored.limit) continue;
      try {
        check_can_add_(user_id);
      } catch (const api::Error& e) {
        if (e.code() != api::ErrorCode::Forbidden) throw;
        stored.limit = e;
        continue;
      }
    }
    const auto id = integrations_.save(sealed(user_id, platform, account, credentials));
    // The user sees data as soon as the platform gives it, not at the scheduler's next turn.
    sync_.queue(user_id, id, true);
    stored.accounts.push_back(account.id);
  }
  log_.info("accounts_connected")
      .num("user", user_id)
      .str("platform", platform.id)
      .num("accounts", static_cast<std::int64_t>(stored.accounts.size()))
      .num("over_limit", static_cast<std::int64_t>(accounts.size() - stored.accounts.size()));
  return stored;
}

ConnectResult ConnectFlow::finish_accounts(std::int64_t user_id, const Platform& platform,
                                           plugins::ConnectorClient& client,
                                           const sdk::Credentials& credentials,
                                           const std::string& expected_account) {
  const auto accounts = client.list_accounts(credentials);
  const std::string& name = platform.name;
  if (accounts.empty()) {
    return {false, "No " + name + " ad accounts were found for this login.", 0};
  }
  if (!expected_account.empty() &&
      (accounts.size() != 1 || accounts.front().id != expected_account)) {
    log_.warn("oauth_connect_refused").str("platform", platform.id).str("reason", "other_account");
    return {false,
            name + " approved another account than " + expected_account +
                ", so nothing was connected. Please connect " + expected_account + " again.",
            0};
  }
  const Stored stored = store_accounts(user_id, platform, accounts, credentials);
  const int count = static_cast<int>(stored.accounts.size());
  const std::string limit = stored.limit ? stored.limit->what() : "";
  if (count == 0) return {false, limit, 0};
  std::string message =
      name + ": " + std::to_string(count) + (count == 1 ? " account" : " accounts") + " connected.";
  if (!limit.empty()) message += " " + limit;
  return {true, message, count};
}

std::vector<std::string> ConnectFlow::connect_form(std::int64_t user_id, const Platform& platform,
                                                   const sdk::Headers& fields,
                                                   const std::vector<std::string>& secrets) {
  auto client = plugins_.client(platform.id);
  // As for OAuth: a user at the limit with nothing on this platform is refused before the
  // platform is asked anything.
  if (counted_accounts(integrations_, user_id, platform.id).empty()) check_can_add_(user_id);
  std::vector<sdk::Account> accounts;
  sdk::Credentials credentials;
  try {
    credentials = client.connect_form({fields});
    client.check(credentials);
    accounts = client.list_accounts(credentials);
  } catch (const plugins::CallError& e) {
    using Kind = plugins::CallError::Kind;
    const std::string reason = redacted_reason(e, platform, secrets);
    if (e.kind() != Kind::NeedsReauth && e.kind() != Kind::Permanent) {
      // Its detail reaches the request log: the same error without what the user typed.
      throw plugins::CallError(e.kind(), platform.id, reason,
                               std::chrono::seconds(e.retry_after_s().value_or(0)));
    }
    log_.warn("form_connect_refused").str("platform", platform.id).str("reason", reason);
    throw api::Error(api::ErrorCode::BadRequest,
                     platform.name + " did not accept these details: " + reason)
        .with_data("field", "params");
  }
  if (accounts.empty()) {
    throw api::Error(api::ErrorCode::BadRequest,
                     "No " + platform.name + " accounts were found for these details.")
        .with_data("field", "params");
  }
  Stored stored = store_accounts(user_id, platform, accounts, credentials);
  if (stored.accounts.empty() && stored.limit) throw *stored.limit;
  return std::move(stored.accounts);
}

}  // namespace roi::integrations

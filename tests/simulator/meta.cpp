// Meta Marketing API (Graph): /me, /me/adaccounts, /act_{id}/campaigns and /act_{id}/insights,
// with cursor paging, numbers as strings and the usage headers on every reply, errors included.
// Served under /graph.facebook.com/v{N}.{M}/...; any version is accepted.
#include <algorithm>
#include <cmath>
#include <ctime>
#include <roi/sdk/helpers/encoding.hpp>

#include "meta_errors.hpp"
#include "meta_insights.hpp"
#include "platforms.hpp"

namespace roi::sim {

namespace {

using meta::graph_error;
using meta::GraphError;
using meta::revoked_token;
using meta::unparsable_token;

const std::string kPlatform = "meta";
const std::string kUserId = "10000000000001";

std::string graph_time(std::int64_t unix_seconds) {
  const std::time_t t = unix_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+0000", &tm);
  return buf;
}

std::string status_of(CampaignState s) {
  return s == CampaignState::Active ? "ACTIVE" : s == CampaignState::Paused ? "PAUSED" : "ARCHIVED";
}

// The usage a reply reports; a rate-limit fault pushes it past 100.
struct Usage {
  std::int64_t pct = 0;
  std::int64_t regain_minutes = 0;
  std::string account;  // digits; empty for calls not on an ad account
  std::string type;     // business use case: ads_insights or ads_management
};

class Meta {
 public:
  explicit Meta(State& state) : state_(state) {}

  // Runs one Graph call: faults, token, account, then `body` for the data; usage headers on all.
  template <class Body>
  Response call(Request& req, const std::string& account_id, const std::string& use_case,
                Body&& body) {
    const auto draw = state_.faults.draw(kPlatform, scope::kData | scope::kPaged, req.target);
    Usage usage{state_.settings.integer(kPlatform, "usage_pct"), 0, account_id, use_case};
    Response res = [&] {
      if (draw.error) return fault_reply(*draw.error, usage);
      if (auto refused = check_token(req)) return *refused;
      const auto shape = state_.shape(kPlatform, Flavor::Meta);
      const auto accounts = generate_accounts(shape);
      const Account* account = nullptr;
      if (!account_id.empty()) {
        account = find_account(accounts, account_id);
        if (account == nullptr) {
          return graph_error({400, 100,
                              "Unsupported get request. Object with ID 'act_" + account_id +
                                  "' does not exist, cannot be loaded due to missing permissions, "
                                  "or does not support this "
                                  "operation. Please read the Graph API documentation at "
                                  "https://developers.facebook.com/docs/graph-api",
                              "GraphMethodException", 33});
        }
      }
      return body(shape, accounts, account, draw);
    }();
    add_usage(res, usage);
    return finish(std::move(res), draw);
  }

  Response me(Request& req) {
    return call(req, {}, {},
                [&](const Shape&, const std::vector<Account>&, const Account*, const Draw&) {
                  return Response::json(200, "{\"id\":\"" + kUserId + "\",\"name\":\"Sim User\"}");
                });
  }

  Response adaccounts(Request& req) {
    return call(
        req, {}, {},
        [&](const Shape&, const std::vector<Account>& accounts, const Account*, const Draw& draw) {
          static const std::vector<std::string> kAllowed = {
              "id", "account_id", "name", "currency", "timezone_name", "account_status"};
          std::string unknown;
          auto fields = meta::split_fields(
              req.param("fields").empty() ? "account_id,id" : req.param("fields"), kAllowed,
              unknown);
          if (!unknown.empty()) return nonexisting(unknown, "AdAccount");
          std::vector<std::string> rows;
          for (const auto& a : accounts) {
            rows.push_back(write_json([&](JsonWriter& w) {
              w.StartObject();
              for (const auto& f : fields) {
                if (f == "id")
                  put(w, f, "act_" + a.id);
                else if (f == "account_id")
                  put(w, f, a.id);
                else if (f == "name")
                  put(w, f, a.name);
                else if (f == "currency")
                  put(w, f, a.currency);
                else if (f == "timezone_name")
                  put(w, f, a.time_zone);
                else
                  put_int(w, f, 1);  // account_status: 1 = ACTIVE
              }
              w.EndObject();
            }));
          }
          return paged(req, rows, draw);
        });
  }

  Response campaigns(Request& req) {
    return call(
        req, req.captures[0], "ads_management",
        [&](const Shape&, const std::vector<Account>&, const Account* account, const Draw& draw) {
          static const std::vector<std::string> kAllowed = {
              "id",        "name",         "status",       "configured_status", "effective_status",
              "objective", "daily_budget", "created_time", "updated_time",      "start_time",
              "account_id"};
          static const std::vector<std::string> kObjectives = {
              "OUTCOME_SALES", "OUTCOME_TRAFFIC", "OUTCOME_AWARENESS", "OUTCOME_LEADS"};
          std::string unknown;
          auto fields = meta::split_fields(req.param("fields").empty() ? "id" : req.param("fields"),
                                           kAllowed, unknown);
          if (!unknown.empty()) return nonexisting(unknown, "Campaign");
          // With no filter Graph leaves archived and deleted campaigns out.
          std::vector<std::string> wanted = {"ACTIVE", "PAUSED"};
          if (const auto filter = req.param("effective_status"); !filter.empty()) {
            rapidjson::Document doc;
            std::string error;
            if (!parse_json(filter, doc, error) || !doc.IsArray()) {
              return graph_error({400, 100, "(#100) param effective_status must be an array."});
            }
            wanted.clear();
            for (const auto& v : doc.GetArray())
              if (v.IsString()) wanted.emplace_back(v.GetString());
          }
          std::vector<std::string> rows;
          for (std::size_t i = 0; i < account->campaigns.size(); ++i) {
            const auto& c = account->campaigns[i];
            const auto status = status_of(c.state);
            if (std::find(wanted.begin(), wanted.end(), status) == wanted.end()) continue;
            rows.push_back(write_json([&](JsonWriter& w) {
              w.StartObject();
              for (const auto& f : fields) {
                if (f == "id")
                  put(w, f, c.id);
                else if (f == "name")
                  put(w, f, c.name);
                else if (f == "status" || f == "configured_status" || f == "effective_status")
                  put(w, f, status);
                else if (f == "objective")
                  put(w, f, kObjectives[i % kObjectives.size()]);
                else if (f == "daily_budget")
                  put(w, f, std::to_string(c.budget_micros / 10000));  // minor units
                else if (f == "created_time" || f == "start_time")
                  put(w, f, graph_time(c.created_unix));
                else if (f == "updated_time")
                  put(w, f, graph_time(c.created_unix + 86400));
                else
                  put(w, f, account->id);
              }
              w.EndObject();
            }));
          }
          return paged(req, rows, draw);
        });
  }

  Response insights(Request& req) {
    return call(req, req.captures[0], "ads_insights",
                [&](const Shape& shape, const std::vector<Account>&, const Account* account,
                    const Draw& draw) {
                  meta::InsightsQuery q;
                  if (auto e = meta::parse_insights(req, state_.clock.today(), shape, q);
                      !e.empty())
                    return graph_error({400, 100, e});
                  return paged(req, meta::insights_rows(q, shape, *account), draw);
                });
  }

 private:
  std::optional<Response> check_token(const Request& req) const {
    auto token = req.param("access_token");
    if (const auto auth = req.header("authorization");
        token.empty() && (auth.rfind("Bearer ", 0) == 0 || auth.rfind("OAuth ", 0) == 0)) {
      token = auth.substr(auth.find(' ') + 1);
    }
    switch (state_.tokens.check(kPlatform, token, state_.clock.now())) {
      case TokenCheck::Valid:
        return std::nullopt;
      case TokenCheck::Missing:
        return graph_error({400, 104, "An access token is required to request this resource."});
      case TokenCheck::Expired:
        return expired();
      case TokenCheck::Revoked:
        return revoked_token();
      default:
        return unparsable_token();
    }
  }

  Response expired() const {
    return graph_error({400, 190,
                        "Error validating access token: Session has expired on " +
                            graph_time(state_.clock.now() - 1) + ". The current time is " +
                            graph_time(state_.clock.now()) + ".",
                        "OAuthException", 463});
  }

  static Response nonexisting(const std::string& field, const std::string& node) {
    return graph_error(
        {400, 100,
         "(#100) Tried accessing nonexisting field (" + field + ") on node type (" + node + ")"});
  }

  Response fault_reply(const FaultSpec& f, Usage& usage) const {
    const auto minutes = std::max<std::int64_t>(1, (f.retry_after + 59) / 60);
    switch (f.kind) {
      case FaultKind::RateLimit: {
        usage.pct = 100 + f.retry_after % 20;
        usage.regain_minutes = minutes;
        const auto code = f.code == 0 ? 17 : f.code;
        if (code == 4)
          return graph_error(
              {400, 4, "(#4) Application request limit reached", "OAuthException", 0, true});
        if (code == 613) {
          return graph_error({400, 613, "(#613) Calls to this api have exceeded the rate limit.",
                              "OAuthException", 1487742, true});
        }
        if (code >= 80000 && code <= 80014) {
          usage.type = code == 80000 ? "ads_insights" : "ads_management";
          return graph_error(
              {400, code,
               "(#" + std::to_string(code) +
                   ") There have been too many calls to this ad-account. Wait a bit and try again. "
                   "For more info, please refer to "
                   "https://developers.facebook.com/docs/graph-api/overview/"
                   "rate-limiting#ads-management.",
               "OAuthException", 2446079, true});
        }
        return graph_error(
            {400, 17, "(#17) User request limit reached", "OAuthException", 2446079, true});
      }
      case FaultKind::RetryAfter: {
        usage.pct = 100;
        usage.regain_minutes = minutes;
        auto r = graph_error(
            {429, 4, "(#4) Application request limit reached", "OAuthException", 0, true});
        r.headers.emplace_back("Retry-After", std::to_string(f.retry_after));
        return r;
      }
      case FaultKind::ExpiredToken:
        return expired();
      default:
        return graph_error({static_cast<unsigned>(f.status), 2,
                            "An unexpected error has occurred. Please retry your request later.",
                            "OAuthException", 0, true});
    }
  }

  static void add_usage(Response& res, const Usage& u) {
    const auto cpu = u.pct / 2;
    res.headers.emplace_back("X-App-Usage", "{\"call_count\":" + std::to_string(u.pct) +
                                                ",\"total_cputime\":" + std::to_string(cpu) +
                                                ",\"total_time\":" + std::to_string(cpu) + "}");
    if (u.account.empty()) return;
    res.headers.emplace_back(
        "X-Ad-Account-Usage",
        "{\"acc_id_util_pct\":" + std::to_string(u.pct) +
            ",\"reset_time_duration\":" + std::to_string(u.regain_minutes * 60) +
            ",\"ads_api_access_tier\":\"standard_access\"}");
    res.headers.emplace_back(
        "X-Business-Use-Case-Usage",
        "{\"" + u.account + "\":[{\"type\":\"" + u.type +
            "\",\"call_count\":" + std::to_string(u.pct) +
            ",\"total_cputime\":" + std::to_string(cpu) + ",\"total_time\":" + std::to_string(cpu) +
            ",\"estimated_time_to_regain_access\":" + std::to_string(u.regain_minutes) +
            ",\"ads_api_access_tier\":\"standard_access\"}]}");
  }

  static std::string cursor(std::size_t index) {
    return sdk::helpers::to_base64url("sim:" + std::to_string(index));
  }

  static std::optional<std::size_t> read_cursor(const std::string& text) {
    const std::string decoded = sdk::helpers::from_base64url(text).value_or("");
    if (decoded.rfind("sim:", 0) != 0 || decoded.size() < 5 || decoded.size() > 14)
      return std::nullopt;
    const auto digits = decoded.substr(4);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    return static_cast<std::size_t>(std::stoull(digits));
  }

  // {"data":[...],"paging":{"cursors":{"before","after"},"previous","next"}}; `next` points back at
  // the simulator and keeps every parameter (the access token too), as Graph's does.
  Response paged(const Request& req, const std::vector<std::string>& rows, const Draw& draw) const {
    std::size_t limit = 25;
    if (const auto l = req.param("limit"); !l.empty()) {
      if (l.size() > 6 ||
          !std::all_of(l.begin(), l.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
          std::stoul(l) == 0) {
        return graph_error({400, 100, "(#100) Param limit must be a positive integer"});
      }
      limit = std::min<std::size_t>(std::stoul(l), 5000);
    }
    std::size_t start = 0;
    std::size_t end = 0;
    const auto after = req.param("after");
    const auto before = req.param("before");
    if (!after.empty() || !before.empty()) {
      const auto c = read_cursor(after.empty() ? before : after);
      if (!c)
        return graph_error({400, 100,
                            "(#100) The " + std::string(after.empty() ? "before" : "after") +
                                " cursor is invalid"});
      start = std::min(*c, rows.size());
    }
    const auto size = page_size(draw, limit, start);
    if (!before.empty() && after.empty()) {
      end = start;
      start = end >= size ? end - size : 0;
    } else {
      end = std::min(start + size, rows.size());
    }
    const auto link = [&](const char* name, std::size_t at) {
      Params p = req.params;
      p.erase("after");
      p.erase("before");
      p[name] = cursor(at);
      return "http://" + req.header("host") + req.path + "?" + encode_form(p);
    };
    return Response::json(200, write_json([&](JsonWriter& w) {
                            w.StartObject();
                            key(w, "data");
                            w.StartArray();
                            for (std::size_t i = start; i < end; ++i)
                              w.RawValue(rows[i].data(), rows[i].size(), rapidjson::kObjectType);
                            w.EndArray();
                            if (!rows.empty()) {
                              key(w, "paging");
                              w.StartObject();
                              key(w, "cursors");
                              w.StartObject();
                              put(w, "before", cursor(start));
                              put(w, "after", cursor(end));
                              w.EndObject();
                              if (start > 0) put(w, "previous", link("before", start));
                              if (end < rows.size()) put(w, "next", link("after", end));
                              w.EndObject();
                            }
                            w.EndObject();
                          }));
  }

  State& state_;
};

}  // namespace

void install_meta(Router& router, State& state) {
  auto& s = state.settings;
  declare_shape_knobs(s, kPlatform, 2);
  s.declare(kPlatform, "usage_pct", std::int64_t{5},
            "call_count / cputime percentages the usage headers report", 0, 1000);
  state.claim("/graph.facebook.com/", kPlatform);
  auto meta = std::make_shared<Meta>(state);
  const std::string prefix = R"(/graph\.facebook\.com(?:/v\d+\.\d+)?)";
  router.add("GET", prefix + "/me", [meta](Request& r) { return meta->me(r); });
  router.add("GET", prefix + "/me/adaccounts", [meta](Request& r) { return meta->adaccounts(r); });
  router.add("GET", prefix + R"(/act_(\d+)/campaigns)",
             [meta](Request& r) { return meta->campaigns(r); });
  router.add("GET", prefix + R"(/act_(\d+)/insights)",
             [meta](Request& r) { return meta->insights(r); });
}

}  // namespace roi::sim

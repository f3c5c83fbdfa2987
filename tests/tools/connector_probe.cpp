// roi-connector-probe <plugins-dir> <connector-id> <operation> '<json input>'
// Operations: authorize, finish, refresh, accounts, sync (ads), orders (a store's orders).
// Runs one connector operation through the host's PluginHost, ConnectorClient and curl client
// (deadlines, output checks and all) and prints one JSON line: {"ok":true,...} or
// {"ok":false,"kind":"rate_limited","retryAfter":N,"detail":"..."}. For tests only: it prints
// the credentials it is given back, which the host itself never does.
#include <rapidjson/document.h>

#include <cstdlib>
#include <iostream>

#include "plugins/plugin_host.hpp"
#include "probe_sink.hpp"
#include "roi/sdk/helpers/numbers.hpp"

namespace {

using namespace roi;

std::string text(const rapidjson::Value& v, const char* name) {
  return v.IsObject() && v.HasMember(name) && v[name].IsString() ? v[name].GetString() : "";
}

sdk::Credentials credentials(const rapidjson::Value& v) {
  sdk::Credentials out;
  out.access_token = text(v, "access_token");
  out.refresh_token = text(v, "refresh_token");
  out.account_id = text(v, "account_id");
  return out;
}

void write_credentials(api::JsonWriter& out, const sdk::Credentials& c) {
  out.Key("credentials");
  out.StartObject();
  out.Key("access_token");
  out.String(c.access_token);
  out.Key("refresh_token");
  out.String(c.refresh_token);
  out.Key("account_id");
  out.String(c.account_id);
  out.Key("expires_at");
  if (c.expires_at) {
    out.Int64(c.expires_at->time_since_epoch().count());
  } else {
    out.Null();
  }
  out.EndObject();
}

std::chrono::year_month_day date(const rapidjson::Value& v, const char* name) {
  auto d = sdk::helpers::parse_date(text(v, name));
  if (!d) throw std::invalid_argument(std::string("input needs a date in '") + name + "'");
  return *d;
}

void run(plugins::ConnectorClient& client, const std::string& op, const rapidjson::Value& in,
         api::JsonWriter& out) {
  if (op == "authorize") {
    sdk::Headers params;
    if (!text(in, "shop").empty()) params.emplace_back("shop", text(in, "shop"));
    const auto start = client.start_oauth({text(in, "redirect_uri"), text(in, "state"), params});
    out.Key("url");
    out.String(start.authorize_url);
  } else if (op == "finish") {
    sdk::Headers query;  // the whole callback query, for platforms that sign it (Shopify)
    if (in.HasMember("query") && in["query"].IsObject()) {
      for (const auto& m : in["query"].GetObject()) {
        if (m.value.IsString()) query.emplace_back(m.name.GetString(), m.value.GetString());
      }
    }
    write_credentials(out,
                      client.finish_oauth({text(in, "redirect_uri"), text(in, "code"), query}));
  } else if (op == "refresh") {
    write_credentials(out, client.refresh_credentials(credentials(in)));
  } else if (op == "accounts") {
    out.Key("accounts");
    out.StartArray();
    for (const auto& a : client.list_accounts(credentials(in))) {
      out.StartObject();
      for (const auto& [k, v] : {std::pair{"id", a.id},
                                 {"name", a.name},
                                 {"currency", a.currency},
                                 {"timeZone", a.time_zone}}) {
        out.Key(k);
        out.String(v);
      }
      out.EndObject();
    }
    out.EndArray();
  } else if (op == "sync" || op == "orders") {
    sdk::SyncRequest request{credentials(in["credentials"]), text(in, "account"), date(in, "from"),
                             date(in, "to"), std::nullopt};
    if (!text(in, "resume_from").empty()) request.resume_from = text(in, "resume_from");
    probe::MemorySink sink;
    std::optional<plugins::CallError> failure;
    try {
      if (op == "orders")
        client.sync_orders(request, sink);
      else
        client.sync(request, sink);
    } catch (const plugins::CallError& e) {
      failure = e;
    }
    out.Key("sink");
    sink.write(out);
    if (failure) throw *failure;
  } else {
    throw std::invalid_argument("unknown operation '" + op + "'");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: roi-connector-probe <plugins-dir> <connector-id> <operation> <json>\n";
    return 2;
  }
  observability::Logger log(observability::Level::Warn);
  observability::Registry metrics;
  // ROI_PROBE_SYNC_TIMEOUT_MS lets a test put a sync's deadline before a slow platform answers.
  const char* sync_timeout = std::getenv("ROI_PROBE_SYNC_TIMEOUT_MS");
  const plugins::PluginSettings settings{
      .dir = argv[1],
      .watch = false,
      .load_timeout_ms = 10000,
      .call_timeout_ms = 20000,
      .sync_timeout_ms = sync_timeout ? std::atoi(sync_timeout) : 60000,
      .max_workers = 4,
      .worker_path = ROI_WORKER_BIN};
  plugins::PluginHost host(settings, log, metrics);
  host.start();

  rapidjson::Document input;
  input.Parse(argv[4]);
  rapidjson::StringBuffer buffer;
  api::JsonWriter out(buffer);
  out.StartObject();
  try {
    if (input.HasParseError() || !input.IsObject())
      throw std::invalid_argument("input is no JSON object");
    auto client = host.client(argv[2]);
    run(client, argv[3], input, out);
    out.Key("ok");
    out.Bool(true);
  } catch (const plugins::CallError& e) {
    out.Key("ok");
    out.Bool(false);
    out.Key("kind");
    out.String(plugins::kind_key(e.kind()));
    out.Key("connector");
    out.String(e.connector());
    if (e.retry_after_s()) {
      out.Key("retryAfter");
      out.Int(*e.retry_after_s());
    }
    out.Key("detail");
    out.String(e.detail());
  } catch (const std::exception& e) {
    std::cerr << "roi-connector-probe: " << e.what() << "\n";
    return 2;
  }
  out.EndObject();
  std::cout << buffer.GetString() << "\n";
  return 0;
}

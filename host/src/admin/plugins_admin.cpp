#include "admin/plugins_admin.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <roi/sdk/helpers/numbers.hpp>

#include "admin/access.hpp"
#include "connector/output_checks.hpp"
#include "http/media_type.hpp"

namespace roi::admin {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string iso_time(std::chrono::system_clock::time_point t) {
  return sdk::helpers::format_utc_time(std::chrono::floor<std::chrono::seconds>(t));
}

void string_field(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

http::Response error(int status, std::string_view message) {
  return http::Response::json(status, R"({"error":{"message":")" + std::string(message) + "\"}}");
}

}  // namespace

PluginsAdmin::PluginsAdmin(plugins::PluginHost& plugins, std::string token,
                           observability::Logger& log)
    : plugins_(plugins), token_(std::move(token)), log_(log) {}

http::Response PluginsAdmin::handle(const http::Request& request) {
  if (token_.empty()) {
    return error(403,
                 "/admin is disabled: set ROI_ADMIN_TOKEN (admin.token, at least 32 characters) "
                 "and send it as Authorization: Bearer <token>");
  }
  if (!has_admin_token(request, token_)) {
    log_.warn("admin_refused").str("path", request.path).str("remote", request.remote_addr);
    http::Response refused = error(401, "Send Authorization: Bearer <admin.token>");
    refused.headers.emplace_back("WWW-Authenticate", "Bearer");
    return refused;
  }
  if (request.method == "POST" && !http::is_json_content_type(request.content_type)) {
    return error(415, "Send Content-Type: application/json");
  }
  if (request.path == "/admin/plugins") {
    if (request.method != "GET") return error(405, "Use GET");
    return http::Response::json(200, status_json(nullptr));
  }
  if (request.path == "/admin/plugins/reload") {
    if (request.method != "POST") return error(405, "Use POST");
    const plugins::ReloadSummary summary = plugins_.reload_for("admin");
    return http::Response::json(200, status_json(&summary));
  }
  return error(404, "Not found");
}

std::string PluginsAdmin::status_json(const plugins::ReloadSummary* summary) const {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  string_field(w, "dir", plugins_.dir().string());
  w.Key("librariesLoaded");
  w.Int(plugins::LoadedConnector::libraries_loaded());
  w.Key("workersRunning");
  w.Int(plugins::WorkerProcess::running());
  if (summary) {
    w.Key("reload");
    w.StartObject();
    w.Key("loaded");
    w.Int(summary->loaded);
    w.Key("swapped");
    w.Int(summary->swapped);
    w.Key("unchanged");
    w.Int(summary->unchanged);
    w.Key("refused");
    w.Int(summary->refused);
    w.Key("retired");
    w.Int(summary->retired);
    w.EndObject();
  }
  w.Key("files");
  w.StartArray();
  for (const auto& f : plugins_.files()) {
    w.StartObject();
    string_field(w, "file", f.file);
    w.Key("swaps");
    w.Uint64(f.swaps);
    w.Key("serving");
    if (f.serving) {
      const auto& d = f.serving->description();
      w.StartObject();
      string_field(w, "connector", d.id);
      string_field(w, "version", d.version);
      string_field(w, "sha256", f.serving->sha256());
      string_field(w, "loadedAt", iso_time(f.serving->loaded_at()));
      w.Key("workers");
      w.Int(f.serving->workers().workers());
      w.Key("workerDeaths");
      w.Uint64(f.serving->workers().deaths());
      w.EndObject();
    } else {
      w.Null();
    }
    w.Key("lastRefusal");
    if (f.last_refusal) {
      w.StartObject();
      string_field(w, "at", iso_time(f.last_refusal->at));
      string_field(w, "reason", f.last_refusal->reason);
      string_field(w, "message", f.last_refusal->message);
      string_field(w, "sha256", f.last_refusal->sha256);
      w.EndObject();
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

}  // namespace roi::admin

// The Graph API as the Meta connector uses it: GET an edge and follow its cursors to the end,
// with Graph errors (dispatched on error.code, not HTTP status) and usage headers turned into
// the SDK's error kinds.
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <roi/sdk/connector.hpp>
#include <string>

namespace roi::meta {

struct GraphSettings {
  std::string base_url;  // https://graph.facebook.com, or the simulator
  std::string version;   // "v25.0"
};

GraphSettings graph_settings(const sdk::HostServices& host);

// Throws the error a failed Graph answer means; returns for 2xx. Codes 190/102 → NeedsReauth;
// 4, 17, 341, 613, 80000–80014 → RateLimited (retry after the usage headers' estimate or
// Retry-After); 1, 2 or is_transient → Transient; anything else Permanent.
void check_response(const sdk::HttpResponse& response, std::string_view what);

// The Graph error envelope part of check_response: throws as it does for an answer carrying
// one, returns for anything else (the OAuth helper's classify_error contract).
void classify_graph_error(const sdk::HttpResponse& response, std::string_view what);

class Graph {
 public:
  Graph(sdk::HostServices& host, GraphSettings settings, std::string access_token);

  // GETs `edge` ("me/adaccounts") with `params`, page after page; `on_item` sees each element
  // of `data`, `on_page` runs after each page. When the usage headers reach 95% (or ask for a
  // wait) and more pages remain, throws RateLimited after the page instead of asking again.
  void each(const std::string& edge, const sdk::Headers& params,
            const std::function<void(const rapidjson::Value& item)>& on_item,
            const std::function<void()>& on_page = {});

 private:
  sdk::HostServices& host_;
  GraphSettings settings_;
  std::string access_token_;
};

}  // namespace roi::meta

// Graph API error envelope.
#include "meta_errors.hpp"

#include "json.hpp"
#include "state.hpp"

namespace roi::sim::meta {

Response graph_error(const GraphError& e) {
  auto res = Response::json(e.http, write_json([&](JsonWriter& w) {
                              w.StartObject();
                              key(w, "error");
                              w.StartObject();
                              put(w, "message", e.message);
                              put(w, "type", e.type);
                              put_int(w, "code", e.code);
                              if (e.subcode != 0) put_int(w, "error_subcode", e.subcode);
                              if (e.transient) {
                                key(w, "is_transient");
                                w.Bool(true);
                              }
                              put(w, "fbtrace_id", random_id(11));
                              w.EndObject();
                              w.EndObject();
                            }));
  // Graph also states the OAuth failure in this header for token errors.
  if (e.type == "OAuthException" && e.code == 190) {
    res.headers.emplace_back("WWW-Authenticate",
                             "OAuth \"Facebook Platform\" \"invalid_token\" \"" + e.message + "\"");
  }
  return res;
}

Response revoked_token() {
  return graph_error(
      {400, 190,
       "Error validating access token: The session has been invalidated because the user "
       "changed their password or Facebook has changed the session for security reasons.",
       "OAuthException", 460});
}

Response unparsable_token() {
  return graph_error({400, 190, "Invalid OAuth access token - Cannot parse access token"});
}

}  // namespace roi::sim::meta

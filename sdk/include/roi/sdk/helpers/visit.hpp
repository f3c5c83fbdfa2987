// The visit that led to a store order, read from what stores record about it: the landing page
// (a path and query, or a whole URL) and the referring URL. Store connectors fill an Order's
// utm_*, click_id and referrer from it, so every store reads hostile pages alike: a page that is
// over-long, badly encoded or oddly nested yields nothing for the part that is wrong, never an
// error (an unattributed order).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "roi/sdk/model.hpp"

namespace roi::sdk::helpers {

// Landing pages longer than this are ignored as a whole: no browser sends one, only abuse does.
inline constexpr std::size_t kMaxLandingPage = 8192;
// A utm_* value is cut to this many bytes on a character boundary.
inline constexpr std::size_t kMaxUtmValue = 255;
// The ad click identifiers recognised, in the order they are looked for; an Order's click_id is
// the name of the first one present with a value.
inline constexpr std::string_view kClickIds[] = {"gclid",   "gbraid", "wbraid", "fbclid",
                                                 "msclkid", "ttclid", "twclid", "li_fat_id"};

struct Visit {
  std::optional<std::string> utm_source, utm_medium, utm_campaign;
  std::optional<std::string> click_id;
  std::optional<std::string> referrer;  // the referring URL's host name, lower case
};

// One parameter of a URL's query (after the first '?', before any '#'), percent-decoded as
// browsers send it ('+' is a space); the first occurrence wins; nullopt when absent, empty,
// or not well-formed UTF-8 text without control characters once decoded.
std::optional<std::string> query_parameter(std::string_view url, std::string_view name);

// A decoded utm_* value as an Order keeps it: cut to kMaxUtmValue bytes on a character boundary;
// nullopt when empty or not well-formed UTF-8 text without control characters.
std::optional<std::string> utm_value(std::string value);

// The host of an absolute http(s) URL, lower case; nullopt for anything else.
std::optional<std::string> url_host(std::string_view url);

Visit read_visit(std::string_view landing_page, std::string_view referring_url);

// Sets the order's visit fields from `v`.
void set_visit(Order& order, Visit v);

}  // namespace roi::sdk::helpers

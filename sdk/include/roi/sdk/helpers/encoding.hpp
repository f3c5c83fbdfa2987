// Byte encodings connectors and the host meet on the wire: hex, base64 (RFC 4648 §4, padded),
// base64url (§5, unpadded, as in JWTs and URL tokens), and URL percent-decoding. Decoders are
// strict: anything but the canonical encoding of some bytes is nullopt.
#pragma once

#include <optional>
#include <roi/sdk/host_services.hpp>
#include <string>
#include <string_view>

namespace roi::sdk::helpers {

std::string to_hex(std::string_view bytes);  // lower case
// Either case; nullopt for an odd length or a non-hex digit.
std::optional<std::string> from_hex(std::string_view hex);

std::string to_base64(std::string_view bytes);  // standard alphabet, padded
std::optional<std::string> from_base64(std::string_view text);

std::string to_base64url(std::string_view bytes);  // URL alphabet, no padding
std::optional<std::string> from_base64url(std::string_view text);

// Decodes %XX escapes and, with `plus_is_space` (form encoding), '+'. Nullopt for a malformed
// escape. The result may hold any byte, NUL included: callers validate what they need.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space = true);

// Every name=value pair of a query string (what follows '?', without any '#...'), decoded as a
// form; pairs with a malformed escape or an empty name are left out (a signature over the query
// then fails, as it should).
Headers query_parameters(std::string_view query);

}  // namespace roi::sdk::helpers

#include "roi/sdk/helpers/encoding.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>

namespace roi::sdk::helpers {
namespace {

bool base64_digit(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  // OpenSSL writes upper case and a terminating NUL; it fails only for too small a buffer.
  std::string out(bytes.size() * 2 + 1, '\0');
  OPENSSL_buf2hexstr_ex(out.data(), out.size(), nullptr,
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), '\0');
  out.pop_back();
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c + 32) : c; });
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  // OpenSSL reads up to a NUL: a NUL inside `hex` shows as too few bytes. A refusal leaves
  // nothing on this thread's OpenSSL error queue (TLS code reads it).
  const std::string text(hex);
  std::string out(hex.size() / 2, '\0');
  std::size_t length = 0;
  ERR_set_mark();
  const bool ok = OPENSSL_hexstr2buf_ex(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                                        &length, text.c_str(), '\0') == 1;
  ERR_pop_to_mark();
  if (!ok || length != out.size()) {
    OPENSSL_cleanse(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

std::string to_base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  // EVP_DecodeBlock skips surrounding blanks and counts padding as zero bytes: check the form
  // first, then keep only what the padding says is there.
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (!std::all_of(text.begin(), text.end() - static_cast<std::ptrdiff_t>(padding), base64_digit)) {
    return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0 || static_cast<std::size_t>(n) != out.size()) return std::nullopt;
  out.resize(out.size() - padding);
  // Canonical only: bits past the last byte must be zero, so each byte string has one encoding.
  if (to_base64(out) != text) {
    OPENSSL_cleanse(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

std::string to_base64url(std::string_view bytes) {
  std::string out = to_base64(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string standard(text);
  if (std::any_of(standard.begin(), standard.end(),
                  [](char c) { return c == '+' || c == '/' || c == '='; })) {
    return std::nullopt;
  }
  std::replace(standard.begin(), standard.end(), '-', '+');
  std::replace(standard.begin(), standard.end(), '_', '/');
  standard.append((4 - standard.size() % 4) % 4, '=');
  return from_base64(standard);
}

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      const int hi = OPENSSL_hexchar2int(static_cast<unsigned char>(in[i + 1]));
      const int lo = OPENSSL_hexchar2int(static_cast<unsigned char>(in[i + 2]));
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Headers query_parameters(std::string_view query) {
  Headers out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq));
    auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (name && value && !name->empty()) out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

}  // namespace roi::sdk::helpers

#include "auth/email_address.hpp"

#include <algorithm>

namespace roi::auth {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Letters, digits and the specials RFC 5322 allows unquoted; quoted local parts are refused.
bool is_local_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) != std::string_view::npos;
}

bool is_domain_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
    return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

std::optional<std::string> normalize_email(std::string_view raw) {
  while (!raw.empty() && is_space(raw.front())) raw.remove_prefix(1);
  while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
  if (raw.empty() || raw.size() > 254) return std::nullopt;

  std::string email(raw);
  std::transform(email.begin(), email.end(), email.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });

  const auto at = email.find('@');
  if (at == std::string::npos || email.find('@', at + 1) != std::string::npos) return std::nullopt;
  const std::string_view local = std::string_view(email).substr(0, at);
  const std::string_view domain = std::string_view(email).substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos ||
      !std::all_of(local.begin(), local.end(), is_local_char)) {
    return std::nullopt;
  }
  std::size_t labels = 0;
  std::size_t pos = 0;
  while (true) {
    const auto dot = domain.find('.', pos);
    if (!is_domain_label(
            domain.substr(pos, dot == std::string_view::npos ? domain.npos : dot - pos))) {
      return std::nullopt;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  if (labels < 2) return std::nullopt;
  return email;
}

}  // namespace roi::auth

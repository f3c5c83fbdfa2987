#include "input_files.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace roi::connector_check {
namespace {

rapidjson::Document read_object(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError()) {
    throw std::runtime_error(path +
                             " is not JSON: " + rapidjson::GetParseError_En(doc.GetParseError()) +
                             " at offset " + std::to_string(doc.GetErrorOffset()));
  }
  if (!doc.IsObject()) throw std::runtime_error(path + " must hold one JSON object");
  return doc;
}

}  // namespace

std::map<std::string, std::string> read_string_object(const std::string& path) {
  const auto doc = read_object(path);
  std::map<std::string, std::string> out;
  for (const auto& m : doc.GetObject()) {
    if (!m.value.IsString()) {
      throw std::runtime_error(path + ": '" + m.name.GetString() + "' must be a string");
    }
    out[m.name.GetString()] = m.value.GetString();
  }
  return out;
}

sdk::Credentials read_credentials(const std::string& path) {
  const auto doc = read_object(path);
  auto text = [&](const char* name) -> std::string {
    if (!doc.HasMember(name) || doc[name].IsNull()) return "";
    if (!doc[name].IsString()) throw std::runtime_error(path + ": '" + name + "' must be a string");
    return doc[name].GetString();
  };
  sdk::Credentials out{text("access_token"), text("refresh_token"), std::nullopt, text("scope"),
                       text("account_id")};
  if (out.access_token.empty()) throw std::runtime_error(path + " has no access_token");
  if (doc.HasMember("expires_at") && !doc["expires_at"].IsNull()) {
    if (!doc["expires_at"].IsInt64()) {
      throw std::runtime_error(path + ": 'expires_at' must be Unix seconds or null");
    }
    out.expires_at = std::chrono::sys_seconds(std::chrono::seconds(doc["expires_at"].GetInt64()));
  }
  return out;
}

}  // namespace roi::connector_check

#include "persistence.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

namespace roi::sim {

std::string load_state(State& state, const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  std::string error;
  if (!parse_json(text.str(), doc, error) || !doc.IsObject()) {
    return "the state file " + path + " is not a JSON object: " + error;
  }
  for (const auto& part : state.persistent) {
    const auto it = doc.FindMember(part.name.c_str());
    if (it != doc.MemberEnd()) part.load(it->value);
  }
  return {};
}

void save_state(const State& state, const std::string& path) {
  static std::mutex mu;  // one writer at a time: requests end on several threads
  const std::string text = write_json([&](JsonWriter& w) {
    w.StartObject();
    for (const auto& part : state.persistent) {
      key(w, part.name);
      part.save(w);
    }
    w.EndObject();
  });
  std::lock_guard lock(mu);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "roi-platform-sim: cannot write " << tmp << '\n';
      return;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::cerr << "roi-platform-sim: cannot replace " << path << '\n';
  }
}

}  // namespace roi::sim

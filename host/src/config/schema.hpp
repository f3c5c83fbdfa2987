// Every configuration key of a settings struct Root, gathered from the sections the components
// declare (each section's keys filling one member of Root), and what reads, prints and lists
// them. The composition root builds one; config/ knows no section.
#pragma once

#include <string>
#include <vector>

#include "config/key.hpp"
#include "config/loader.hpp"

namespace roi::config {

template <typename Root>
class Schema {
 public:
  template <typename S>
  Schema& section(S Root::*member, const std::vector<Key<S>>& keys) {
    for (const Key<S>& k : keys) {
      keys_.push_back(
          {k.path, k.env, k.default_value, k.doc,
           [member, assign = k.assign](Root& r, const std::string& v) { assign(r.*member, v); },
           [member, show = k.show](const Root& r) { return show(r.*member); }});
      key_shapes_.push_back({k.path, k.env, k.default_value});
    }
    return *this;
  }

  template <typename S>
  Schema& family(S Root::*member, const KeyFamily<S>& f) {
    families_.push_back(
        {f.prefix, f.env_prefix, f.member, f.file_refusal, f.env_refusal,
         [member, assign = f.assign](Root& r, const std::string& m, const std::string& key,
                                     const std::string& v) { assign(r.*member, m, key, v); },
         [member, show = f.show](const Root& r, const std::string& m) {
           return show(r.*member, m);
         },
         f.doc});
    family_shapes_.push_back({f.prefix, f.env_prefix, f.member, f.file_refusal, f.env_refusal});
    return *this;
  }

  Schema& open(OpenValues Root::*member, OpenSection section) {
    open_sections_.push_back(std::move(section));
    open_members_.push_back(member);
    return *this;
  }

  // Keys in declaration order, each from the environment, else the file, else its default.
  Root parse(const std::string& yaml_text, const std::string& source,
             const Environment& env) const {
    Loaded loaded = load(yaml_text, source, env, key_shapes_, family_shapes_, open_sections_);
    Root root;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (!loaded.keys[i]) missing(key_shapes_[i], source);
      keys_[i].assign(root, *loaded.keys[i]);
    }
    for (std::size_t i = 0; i < families_.size(); ++i) {
      for (const auto& v : loaded.families[i]) families_[i].assign(root, v.member, v.key, v.value);
    }
    for (std::size_t i = 0; i < open_members_.size(); ++i)
      root.*(open_members_[i]) = std::move(loaded.open[i]);
    return root;
  }

  // The effective value of one key as text (--print); throws ConfigError for an unknown key.
  std::string value(const Root& root, const std::string& path) const {
    for (const auto& f : families_) {
      if (path.starts_with(f.prefix)) {
        if (auto m = f.member(path.substr(f.prefix.size()))) return f.show(root, *m);
      }
    }
    for (const auto& k : keys_) {
      if (k.path == path) return k.show(root);
    }
    throw ConfigError("unknown configuration key '" + path + "'");
  }

  // One line per key: YAML path, environment name, default, what it is for (--help).
  std::vector<std::string> describe() const {
    std::vector<std::string> lines;
    for (const auto& k : keys_) {
      lines.push_back(k.path + " (env " + k.env + ", default " +
                      (k.default_value ? *k.default_value : "<required>") + ")" +
                      (k.doc.empty() ? "" : ": " + k.doc));
    }
    for (const auto& f : families_) lines.push_back(f.doc);
    for (const auto& o : open_sections_) lines.push_back(o.doc);
    return lines;
  }

 private:
  struct RootFamily {
    std::string prefix;
    std::string env_prefix;
    std::function<std::optional<std::string>(const std::string&)> member;
    std::string file_refusal;
    std::string env_refusal;
    std::function<void(Root&, const std::string&, const std::string&, const std::string&)> assign;
    std::function<std::string(const Root&, const std::string&)> show;
    std::string doc;
  };
  std::vector<Key<Root>> keys_;
  std::vector<RootFamily> families_;
  // Each open section and the member of Root its values fill, position for position.
  std::vector<OpenSection> open_sections_;
  std::vector<OpenValues Root::*> open_members_;
  // What load() takes of the declarations above, position for position: made as they are
  // declared, not again on every parse.
  std::vector<KeyShape> key_shapes_;
  std::vector<FamilyShape> family_shapes_;
};

}  // namespace roi::config

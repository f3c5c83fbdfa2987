// The host's lifecycle in one place: components are started in the order they were added and
// stopped in the reverse order, one log line each. A component that fails to start stops the
// ones already started before the error goes on.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "observability/log.hpp"

namespace roi::app {

class ComponentList {
 public:
  explicit ComponentList(observability::Logger& log) : log_(log) {}
  ~ComponentList() { stop(); }
  ComponentList(const ComponentList&) = delete;
  ComponentList& operator=(const ComponentList&) = delete;

  // `stop` must not throw and must be safe after a start that threw part way.
  void add(std::string name, std::function<void()> start, std::function<void()> stop);

  // Starts every component in order; on a failure stops the started ones and rethrows.
  void start();
  // Stops the started components, last started first. Idempotent.
  void stop();

 private:
  struct Component {
    std::string name;
    std::function<void()> start;
    std::function<void()> stop;
  };

  observability::Logger& log_;
  std::vector<Component> components_;
  std::size_t started_ = 0;
};

}  // namespace roi::app

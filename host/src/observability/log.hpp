// Structured logging: one JSON object per line on stderr. Callers pass only what is safe to
// keep; request logging never includes bodies, query strings, cookies or authorization headers.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace roi::observability {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

Level parse_level(std::string_view name);

class Logger;

// Builds one line; written when emit() is called or the line goes out of scope.
class LogLine {
 public:
  LogLine(Logger* logger, Level level, std::string_view event);
  LogLine(LogLine&&) = delete;
  ~LogLine();

  // `value` is logged as valid UTF-8 without control characters, cut at `max_bytes`.
  LogLine& str(std::string_view key, std::string_view value, std::size_t max_bytes = 2000);
  LogLine& num(std::string_view key, std::int64_t value);
  LogLine& real(std::string_view key, double value);
  LogLine& flag(std::string_view key, bool value);

 private:
  Logger* logger_;  // null when the level is filtered out
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

class Logger {
 public:
  explicit Logger(Level min_level = Level::Info, int fd = 2) : min_(min_level), fd_(fd) {}

  LogLine debug(std::string_view event) {
    return LogLine(enabled(Level::Debug), Level::Debug, event);
  }
  LogLine info(std::string_view event) { return LogLine(enabled(Level::Info), Level::Info, event); }
  LogLine warn(std::string_view event) { return LogLine(enabled(Level::Warn), Level::Warn, event); }
  LogLine error(std::string_view event) {
    return LogLine(enabled(Level::Error), Level::Error, event);
  }

  void set_level(Level level) { min_ = level; }

 private:
  friend class LogLine;
  Logger* enabled(Level level) { return level >= min_ ? this : nullptr; }
  void write(std::string_view line);

  Level min_;
  int fd_;
  std::mutex mutex_;
};

}  // namespace roi::observability

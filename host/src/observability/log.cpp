#include "observability/log.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>

#include "text/utf8.hpp"

namespace roi::observability {
namespace {

const char* level_name(Level l) {
  switch (l) {
    case Level::Debug:
      return "debug";
    case Level::Info:
      return "info";
    case Level::Warn:
      return "warn";
    case Level::Error:
      return "error";
  }
  return "info";
}

std::string timestamp() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto secs = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

Level parse_level(std::string_view name) {
  if (name == "debug") return Level::Debug;
  if (name == "warn") return Level::Warn;
  if (name == "error") return Level::Error;
  return Level::Info;
}

LogLine::LogLine(Logger* logger, Level level, std::string_view event) : logger_(logger), w_(buf_) {
  if (!logger_) return;
  w_.StartObject();
  w_.Key("ts");
  w_.String(timestamp());
  w_.Key("level");
  w_.String(level_name(level));
  w_.Key("event");
  w_.String(event.data(), static_cast<rapidjson::SizeType>(event.size()));
}

LogLine::~LogLine() {
  if (!logger_) return;
  w_.EndObject();
  std::string line(buf_.GetString(), buf_.GetSize());
  line.push_back('\n');
  logger_->write(line);
}

LogLine& LogLine::str(std::string_view key, std::string_view value, std::size_t max_bytes) {
  if (logger_) {
    w_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w_.String(text::sanitize_for_echo(value, max_bytes));
  }
  return *this;
}

LogLine& LogLine::num(std::string_view key, std::int64_t value) {
  if (logger_) {
    w_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w_.Int64(value);
  }
  return *this;
}

LogLine& LogLine::real(std::string_view key, double value) {
  if (logger_) {
    w_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w_.Double(value);
  }
  return *this;
}

LogLine& LogLine::flag(std::string_view key, bool value) {
  if (logger_) {
    w_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w_.Bool(value);
  }
  return *this;
}

void Logger::write(std::string_view line) {
  std::lock_guard lock(mutex_);
  std::size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(fd_, line.data() + off, line.size() - off);
    if (n <= 0) return;  // nowhere to log to; never take the host down for it
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace roi::observability

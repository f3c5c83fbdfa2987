// What a worker prints reaches the host's log as bounded, valid lines: tagged with the worker,
// long lines cut, a flood limited to the burst with the rest counted, and a reaped worker's pipe
// closed even while another process still holds its other end.
#include "plugins/worker_output.hpp"

#include <cppunit/extensions/HelperMacros.h>
#include <fcntl.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace roi;

struct Pipe {
  plugins::UniqueFd read;
  plugins::UniqueFd write;
};

Pipe make_pipe() {
  int fds[2];
  CPPUNIT_ASSERT_EQUAL(0, ::pipe2(fds, O_CLOEXEC));
  CPPUNIT_ASSERT_EQUAL(0, ::fcntl(fds[0], F_SETFL, O_NONBLOCK));
  return {plugins::UniqueFd(fds[0]), plugins::UniqueFd(fds[1])};
}

void write_all(int fd, const std::string& bytes) {
  for (std::size_t at = 0; at < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
    CPPUNIT_ASSERT(n > 0);
    at += static_cast<std::size_t>(n);
  }
}

class WorkerOutputTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WorkerOutputTest);
  CPPUNIT_TEST(logs_each_line_with_its_worker_cut_and_made_valid);
  CPPUNIT_TEST(a_flood_past_the_burst_is_counted_not_logged);
  CPPUNIT_TEST(a_reaped_workers_pipe_is_closed_though_a_child_still_holds_it);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    file_ = std::tmpfile();
    log_ = std::make_unique<observability::Logger>(observability::Level::Info, ::fileno(file_));
  }
  void tearDown() override {
    log_.reset();
    std::fclose(file_);
  }

  void logs_each_line_with_its_worker_cut_and_made_valid() {
    auto source = std::make_shared<plugins::OutputSource>("acme.so");
    {
      plugins::WorkerOutput output(*log_, {10, 1000, 1000}, nullptr);
      Pipe pipe = make_pipe();
      const auto id = output.watch(std::move(pipe.read), 4242, source);
      source->identify("acme-ads");
      write_all(pipe.write.get(), "short\n0123456789abcdef\n\xff\x01\"tail");
      pipe.write = plugins::UniqueFd();
      output.finished(id);
    }
    const auto lines = logged();
    CPPUNIT_ASSERT_EQUAL(std::size_t(3), lines.size());
    for (const auto& l : lines) {
      CPPUNIT_ASSERT_EQUAL(std::string("connector_output"), text(*l, "event"));
      CPPUNIT_ASSERT_EQUAL(std::string("acme-ads"), text(*l, "connector"));
      CPPUNIT_ASSERT_EQUAL(std::string("acme.so"), text(*l, "file"));
      CPPUNIT_ASSERT_EQUAL(4242, (*l)["pid"].GetInt());
    }
    CPPUNIT_ASSERT_EQUAL(std::string("short"), text(*lines[0], "line"));
    CPPUNIT_ASSERT(!lines[0]->HasMember("cut_bytes"));
    CPPUNIT_ASSERT_EQUAL(std::string("0123456789"), text(*lines[1], "line"));
    CPPUNIT_ASSERT_EQUAL(6, (*lines[1])["cut_bytes"].GetInt());
    // The last line had no newline: it is logged when the pipe ends.
    CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBF\xBD?\"tail"), text(*lines[2], "line"));
  }

  void a_flood_past_the_burst_is_counted_not_logged() {
    observability::Counter dropped;
    const auto started = std::chrono::steady_clock::now();
    {
      plugins::WorkerOutput output(*log_, {100, 1, 3}, &dropped);
      Pipe pipe = make_pipe();
      const auto id =
          output.watch(std::move(pipe.read), 7, std::make_shared<plugins::OutputSource>("f.so"));
      std::string flood;
      for (int i = 0; i < 1000; ++i) flood += "line " + std::to_string(i) + "\n";
      write_all(pipe.write.get(), flood);
      pipe.write = plugins::UniqueFd();
      output.finished(id);
    }
    const double elapsed_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    int shown = 0;
    int counted = 0;
    for (const auto& l : logged()) {
      if (text(*l, "event") == "connector_output") {
        CPPUNIT_ASSERT_EQUAL("line " + std::to_string(shown), text(*l, "line"));
        ++shown;
      } else {
        CPPUNIT_ASSERT_EQUAL(std::string("connector_output_dropped"), text(*l, "event"));
        counted += (*l)["lines"].GetInt();
      }
    }
    // The burst, and one more a second at most; every other line counted.
    CPPUNIT_ASSERT(shown >= 3 && shown <= 3 + elapsed_s + 1);
    CPPUNIT_ASSERT_EQUAL(1000, shown + counted);
    CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(counted), dropped.value());
  }

  void a_reaped_workers_pipe_is_closed_though_a_child_still_holds_it() {
    plugins::WorkerOutput output(*log_, {}, nullptr);
    Pipe pipe = make_pipe();
    const auto id =
        output.watch(std::move(pipe.read), 9, std::make_shared<plugins::OutputSource>("f.so"));
    write_all(pipe.write.get(), "last words\n");
    output.finished(id);
    // The reading end's close shows on the writing end, which this test holds on.
    pollfd p{pipe.write.get(), 0, 0};
    CPPUNIT_ASSERT_EQUAL(1, ::poll(&p, 1, 30000));
    CPPUNIT_ASSERT(p.revents & POLLERR);
    const auto lines = logged();
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), lines.size());
    CPPUNIT_ASSERT_EQUAL(std::string("last words"), text(*lines[0], "line"));
  }

 private:
  std::vector<std::unique_ptr<rapidjson::Document>> logged() {
    std::fflush(file_);
    std::string all;
    char buffer[4096];
    for (off_t at = 0;;) {
      const ssize_t n = ::pread(::fileno(file_), buffer, sizeof buffer, at);
      if (n <= 0) break;
      all.append(buffer, static_cast<std::size_t>(n));
      at += n;
    }
    std::vector<std::unique_ptr<rapidjson::Document>> out;
    for (std::size_t at = 0; at < all.size();) {
      const auto end = all.find('\n', at);
      CPPUNIT_ASSERT(end != std::string::npos);
      auto doc = std::make_unique<rapidjson::Document>();
      doc->Parse(all.data() + at, end - at);
      CPPUNIT_ASSERT_MESSAGE(all.substr(at, end - at), !doc->HasParseError() && doc->IsObject());
      out.push_back(std::move(doc));
      at = end + 1;
    }
    return out;
  }

  static std::string text(const rapidjson::Value& v, const char* key) {
    return v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
  }

  std::FILE* file_ = nullptr;
  std::unique_ptr<observability::Logger> log_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkerOutputTest);

}  // namespace

// The AI service client: answers are checked like hostile input, timeouts and 5xx are retried a
// bounded number of times, refusals and garbage are not, and every failure leaves no insights
// so the job writes its own.
#include "modules/reports/ai_insights.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace roi::modules::reports;

namespace {

constexpr const char* kGood =
    R"({"insights":[{"kind":"tip","text":"Spend less on Prospecting."}]})";

// A service that answers from a script, one reply per attempt, and counts the attempts.
struct Scripted {
  explicit Scripted(std::vector<roi::sdk::HttpResponse> r = {}) : replies(std::move(r)) {}

  std::vector<roi::sdk::HttpResponse> replies;
  int calls = 0;
  std::string last_url;
  std::string last_body;

  HttpSend send() {
    return [this](const roi::sdk::HttpRequest& r) {
      last_url = r.url;
      last_body = r.body;
      return replies.at(static_cast<std::size_t>(calls++));
    };
  }
};

roi::sdk::HttpResponse reply(int status, std::string body = "") {
  roi::sdk::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  if (status == 0) r.error = "timed out";
  return r;
}

AiSettings settings(int retries) {
  return {"http://ai.test", std::chrono::milliseconds(100), retries, std::chrono::milliseconds(1)};
}

// A service that never answers: each attempt takes its whole timeout.
struct Hanging {
  std::vector<std::chrono::milliseconds> timeouts;
  HttpSend send() {
    return [this](const roi::sdk::HttpRequest& r) {
      timeouts.push_back(r.timeout);
      std::this_thread::sleep_for(r.timeout);
      return reply(0);
    };
  }
};

class AiInsightsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AiInsightsTest);
  CPPUNIT_TEST(a_good_answer_is_used_as_is);
  CPPUNIT_TEST(timeouts_and_server_errors_are_retried_then_given_up);
  CPPUNIT_TEST(a_retry_that_succeeds_is_used);
  CPPUNIT_TEST(garbage_and_refusals_are_not_retried);
  CPPUNIT_TEST(malformed_answers_are_refused);
  CPPUNIT_TEST(no_url_means_no_call);
  CPPUNIT_TEST(every_attempt_fits_in_one_deadline);
  CPPUNIT_TEST_SUITE_END();

 public:
  void a_good_answer_is_used_as_is() {
    Scripted s{{reply(200, kGood)}};
    const auto a = AiInsightsClient(settings(2), s.send()).ask(R"({"period":{}})");
    CPPUNIT_ASSERT(!a.failure);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, a.insights.size());
    CPPUNIT_ASSERT_EQUAL(std::string("Spend less on Prospecting."), a.insights[0].text);
    CPPUNIT_ASSERT_EQUAL(std::string("http://ai.test/insights"), s.last_url);
    CPPUNIT_ASSERT_EQUAL(std::string(R"({"period":{}})"), s.last_body);
  }

  void timeouts_and_server_errors_are_retried_then_given_up() {
    Scripted s{{reply(0), reply(503), reply(0)}};
    const auto a = AiInsightsClient(settings(2), s.send()).ask("{}");
    CPPUNIT_ASSERT(a.insights.empty());
    CPPUNIT_ASSERT(a.failure == AiFailure::Unreachable);
    CPPUNIT_ASSERT_EQUAL(3, s.calls);
    CPPUNIT_ASSERT_EQUAL(3, a.attempts);
  }

  void a_retry_that_succeeds_is_used() {
    Scripted s{{reply(502), reply(200, kGood)}};
    const auto a = AiInsightsClient(settings(2), s.send()).ask("{}");
    CPPUNIT_ASSERT(!a.failure);
    CPPUNIT_ASSERT_EQUAL(2, s.calls);
  }

  void garbage_and_refusals_are_not_retried() {
    Scripted garbage{{reply(200, "<html>oops</html>")}};
    CPPUNIT_ASSERT(AiInsightsClient(settings(2), garbage.send()).ask("{}").failure ==
                   AiFailure::Garbage);
    CPPUNIT_ASSERT_EQUAL(1, garbage.calls);
    Scripted refused{{reply(400, "{}")}};
    CPPUNIT_ASSERT(AiInsightsClient(settings(2), refused.send()).ask("{}").failure ==
                   AiFailure::Refused);
    CPPUNIT_ASSERT_EQUAL(1, refused.calls);
  }

  void malformed_answers_are_refused() {
    const std::string long_text(2001, 'x');
    for (const std::string& body :
         {std::string(""), std::string("[]"), std::string(R"({"insights":[]})"),
          std::string(R"({"insights":"text"})"), std::string(R"({"insights":[{"kind":"a"}]})"),
          std::string(R"({"insights":[{"kind":"","text":"t"}]})"),
          std::string(R"({"insights":[{"kind":"a","text":7}]})"),
          R"({"insights":[{"kind":"a","text":")" + long_text + "\"}]}",
          std::string("{\"insights\":[{\"kind\":\"a\",\"text\":\"\xff\"}]}")}) {
      CPPUNIT_ASSERT_MESSAGE(body, !parse_ai_answer(body));
    }
  }

  // Five retries of 100 ms against a 250 ms deadline: the attempts share the deadline (the last
  // gets what is left) and none starts after it, so a hanging service costs 250 ms, not 600.
  void every_attempt_fits_in_one_deadline() {
    Hanging h;
    AiSettings s{"http://ai.test", std::chrono::milliseconds(100), 5, std::chrono::milliseconds(1),
                 std::chrono::milliseconds(250)};
    const auto a = AiInsightsClient(s, h.send()).ask("{}");
    CPPUNIT_ASSERT(a.failure == AiFailure::Unreachable);
    CPPUNIT_ASSERT(a.attempts >= 2 && a.attempts <= 3);
    std::chrono::milliseconds total{0};
    for (auto t : h.timeouts) {
      CPPUNIT_ASSERT(t > std::chrono::milliseconds(0) && t <= std::chrono::milliseconds(100));
      total += t;
    }
    CPPUNIT_ASSERT(total <= std::chrono::milliseconds(250));
  }

  void no_url_means_no_call() {
    Scripted s;
    AiSettings none = settings(2);
    none.base_url.clear();
    CPPUNIT_ASSERT(AiInsightsClient(none, s.send()).ask("{}").failure == AiFailure::NotConfigured);
    CPPUNIT_ASSERT_EQUAL(0, s.calls);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AiInsightsTest);

}  // namespace

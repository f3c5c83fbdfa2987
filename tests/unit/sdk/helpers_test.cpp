// The SDK helper library and export adapter: money without floating point, HMAC per RFC 4231,
// paging that cannot loop forever, and connector exceptions turned into Status values.
#include <cppunit/extensions/HelperMacros.h>

#include <roi/sdk/export.hpp>
#include <roi/sdk/helpers/day_checkpoints.hpp>
#include <roi/sdk/helpers/encoding.hpp>
#include <roi/sdk/helpers/hmac.hpp>
#include <roi/sdk/helpers/http.hpp>
#include <roi/sdk/helpers/money.hpp>
#include <roi/sdk/helpers/numbers.hpp>
#include <roi/sdk/helpers/paging.hpp>
#include <roi/sdk/helpers/retry.hpp>

using namespace roi::sdk;

namespace {

struct QuietHost final : HostServices {
  bool stop = false;
  HttpResponse http(const HttpRequest&) noexcept override { return {}; }
  void log(LogLevel, std::string_view) noexcept override {}
  std::chrono::system_clock::time_point now() const noexcept override { return {}; }
  std::optional<std::string> setting(std::string_view) const noexcept override { return {}; }
  bool cancelled() const noexcept override { return stop; }
};

struct CheckpointLog final : RecordSink {
  std::vector<std::string> checkpoints;
  Progress last;
  void campaign(const Campaign&) noexcept override {}
  void daily_metric(const DailyMetric&) noexcept override {}
  void order(const Order&) noexcept override {}
  void checkpoint(std::string_view cursor) noexcept override { checkpoints.emplace_back(cursor); }
  void progress(const Progress& p) noexcept override { last = p; }
};

struct RateLimitedConnector final : Connector {
  Description describe() const override { return {"rl", "Rate limited", "1", {}}; }
  OAuthStart start_oauth(HostServices&, const OAuthStartRequest&) override {
    throw rate_limited("slow down", std::chrono::seconds(30));
  }
  Credentials finish_oauth(HostServices&, const OAuthFinishRequest&) override { throw 7; }
  Credentials refresh_credentials(HostServices&, const Credentials& c) override { return c; }
  std::vector<Account> list_accounts(HostServices&, const Credentials&) override { return {}; }
  void sync(HostServices&, const SyncRequest&, RecordSink&) override {}
  BillingCapability* billing() override { return nullptr; }
};

ErrorKind kind_of(auto f) {
  try {
    f();
  } catch (const ConnectorError& e) {
    return e.kind();
  }
  return ErrorKind::None;
}

class HelpersTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(HelpersTest);
  CPPUNIT_TEST(decimal_amounts_become_exact_micros);
  CPPUNIT_TEST(malformed_or_overflowing_amounts_are_refused);
  CPPUNIT_TEST(minor_units_scale_by_currency_exponent);
  CPPUNIT_TEST(hmac_matches_rfc4231_and_rejects_a_changed_body);
  CPPUNIT_TEST(encodings_match_rfc4648_and_decode_only_canonical_text);
  CPPUNIT_TEST(query_parameters_decode_forms_and_leave_out_malformed_pairs);
  CPPUNIT_TEST(paging_refuses_a_repeated_cursor_and_stops_when_cancelled);
  CPPUNIT_TEST(paging_rereads_an_empty_page_that_points_at_itself);
  CPPUNIT_TEST(platform_numbers_parse_exactly_and_round_only_past_micros);
  CPPUNIT_TEST(dates_round_trip_and_refuse_impossible_days);
  CPPUNIT_TEST(transient_failures_are_retried_a_few_times_and_others_never);
  CPPUNIT_TEST(day_checkpoints_mark_only_complete_days_and_resume_the_day_after);
  CPPUNIT_TEST(http_failures_map_to_error_kinds);
  CPPUNIT_TEST(export_adapter_turns_exceptions_into_status_values);
  CPPUNIT_TEST_SUITE_END();

 public:
  void decimal_amounts_become_exact_micros() {
    CPPUNIT_ASSERT_EQUAL(std::int64_t{12'340'000}, *helpers::parse_decimal_micros("12.34"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{-500'000}, *helpers::parse_decimal_micros("-0.5"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1'000'000'000}, *helpers::parse_decimal_micros("1000"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, *helpers::parse_decimal_micros("0.000001000"));
    CPPUNIT_ASSERT_EQUAL(std::string("EUR"), helpers::parse_money("1.5", "EUR", "x").currency);
  }

  void malformed_or_overflowing_amounts_are_refused() {
    for (const char* bad : {"", "1.", ".5", "1e5", "1,5", "0.0000001", "abc",
                            "9223372036854.775808", "99999999999999999999"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !helpers::parse_decimal_micros(bad));
    }
    CPPUNIT_ASSERT(kind_of([] { helpers::parse_money("1", "usd", "x"); }) == ErrorKind::Permanent);
  }

  void minor_units_scale_by_currency_exponent() {
    CPPUNIT_ASSERT_EQUAL(std::int64_t{12'340'000},
                         helpers::from_minor_units(1234, 2, "USD").micros);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{500'000'000},
                         helpers::from_minor_units(500, 0, "JPY").micros);
  }

  void hmac_matches_rfc4231_and_rejects_a_changed_body() {
    const std::string key(20, '\x0b');
    const std::string expected = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
    CPPUNIT_ASSERT_EQUAL(expected, helpers::to_hex(helpers::hmac_sha256(key, "Hi There")));
    CPPUNIT_ASSERT(helpers::verify_hmac_sha256_hex(key, "Hi There", expected));
    CPPUNIT_ASSERT(!helpers::verify_hmac_sha256_hex(key, "Hi there", expected));
    const std::string b64 = helpers::to_base64(helpers::hmac_sha256("secret", "body"));
    CPPUNIT_ASSERT(helpers::verify_hmac_sha256_base64("secret", "body", b64));
    CPPUNIT_ASSERT(!helpers::verify_hmac_sha256_base64("secret", "body!", b64));
  }

  void encodings_match_rfc4648_and_decode_only_canonical_text() {
    // RFC 4648 §10 test vectors.
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [bytes, b64] : vectors) {
      CPPUNIT_ASSERT_EQUAL(std::string(b64), helpers::to_base64(bytes));
      CPPUNIT_ASSERT_EQUAL(std::string(bytes), helpers::from_base64(b64).value());
      std::string url(b64);
      while (!url.empty() && url.back() == '=') url.pop_back();
      CPPUNIT_ASSERT_EQUAL(url, helpers::to_base64url(bytes));
      CPPUNIT_ASSERT_EQUAL(std::string(bytes), helpers::from_base64url(url).value());
    }
    const std::string all = [] {
      std::string s;
      for (int c = 0; c < 256; ++c) s.push_back(static_cast<char>(c));
      return s;
    }();
    CPPUNIT_ASSERT_EQUAL(all, helpers::from_base64(helpers::to_base64(all)).value());
    CPPUNIT_ASSERT_EQUAL(all, helpers::from_base64url(helpers::to_base64url(all)).value());
    CPPUNIT_ASSERT_EQUAL(all, helpers::from_hex(helpers::to_hex(all)).value());
    CPPUNIT_ASSERT_EQUAL(std::string("\xAB\x0f", 2), helpers::from_hex("aB0F").value());
    // Wrong lengths, alphabets, padding, blanks and non-zero spare bits are all refused.
    for (const char* bad : {"Zg", "Zg=", "Zh==", "Zm9v YmFy", " Zm9v", "Zm9v\n",
                            "Z===", "=Zg=", "Zm-v", "Zm_v", "Zg==Zg=="}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !helpers::from_base64(bad));
    }
    for (const char* bad : {"Z", "Zg==", "Zm+v", "Zm/v", "Zh", "Zm9v.Zm9v"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !helpers::from_base64url(bad));
    }
    for (const char* bad : {"a", "0g", "zz", "0x12"})
      CPPUNIT_ASSERT_MESSAGE(bad, !helpers::from_hex(bad));
  }

  void query_parameters_decode_forms_and_leave_out_malformed_pairs() {
    CPPUNIT_ASSERT_EQUAL(std::string("a b&c/\0d", 8),
                         helpers::percent_decode("a+b%26c%2f%00d").value());
    CPPUNIT_ASSERT_EQUAL(std::string("a+b"), helpers::percent_decode("a+b", false).value());
    for (const char* bad : {"%", "%4", "%4g", "abc%"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !helpers::percent_decode(bad));
    }
    const Headers expected{{"code", "4/x y"}, {"state", ""}, {"flag", ""}, {"hmac", "ab"}};
    CPPUNIT_ASSERT(expected ==
                   helpers::query_parameters("code=4%2Fx+y&state=&&flag&bad=%zz&=empty&hmac=ab"));
  }

  void paging_refuses_a_repeated_cursor_and_stops_when_cancelled() {
    QuietHost host;
    int calls = 0;
    auto pages = helpers::for_each_page(host, std::nullopt, [&](const std::optional<std::string>&) {
      return ++calls < 3 ? std::optional<std::string>(std::to_string(calls)) : std::nullopt;
    });
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, pages);
    CPPUNIT_ASSERT(kind_of([&] {
                     helpers::for_each_page(host, std::nullopt, [](const auto&) {
                       return std::optional<std::string>("same");
                     });
                   }) == ErrorKind::Permanent);
    host.stop = true;
    CPPUNIT_ASSERT(kind_of([&] {
                     helpers::for_each_page(host, std::nullopt, [](const auto&) {
                       return std::optional<std::string>();
                     });
                   }) == ErrorKind::Transient);
  }

  void paging_rereads_an_empty_page_that_points_at_itself() {
    QuietHost host;
    int calls = 0;
    // Page 1 points at "a"; "a" answers "a" twice (empty pages), then "b", then the end.
    const char* answers[] = {"a", "a", "a", "b", nullptr};
    auto pages = helpers::for_each_page(host, std::nullopt, [&](const auto&) {
      const char* next = answers[calls++];
      return next ? std::optional<std::string>(next) : std::nullopt;
    });
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, pages);
    calls = 0;
    const char* loop[] = {"a", "b", "a"};
    CPPUNIT_ASSERT(kind_of([&] {
                     helpers::for_each_page(host, std::nullopt, [&](const auto&) {
                       return std::optional<std::string>(loop[calls++ % 3]);
                     });
                   }) == ErrorKind::Permanent);
  }

  void platform_numbers_parse_exactly_and_round_only_past_micros() {
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1061083620}, *helpers::parse_int64("1061083620"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{-7}, *helpers::parse_int64("-7"));
    for (const char* bad : {"", "+1", " 1", "1.0", "9223372036854775808", "-", "0x10"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !helpers::parse_int64(bad));
    }
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3'250'000}, *helpers::parse_number_micros("3.25"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{150'000'000}, *helpers::parse_number_micros("1.5E2"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2'333'333},
                         *helpers::parse_number_micros("2.3333333333333335"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{666'667},
                         *helpers::parse_number_micros("0.6666666666666666"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, *helpers::parse_number_micros("5e-7"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, *helpers::parse_number_micros("4e-7"));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{-500'000}, *helpers::parse_number_micros("-0.5"));
    for (const char* bad : {"", ".5", "1.", "1e", "NaN", "1e400", "99999999999999999"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !helpers::parse_number_micros(bad));
    }
  }

  void dates_round_trip_and_refuse_impossible_days() {
    using namespace std::chrono;
    const year_month_day d{year{2026}, month{2}, day{28}};
    CPPUNIT_ASSERT_EQUAL(std::string("2026-02-28"), helpers::format_date(d));
    CPPUNIT_ASSERT(*helpers::parse_date("2026-02-28") == d);
    for (const char* bad : {"2026-02-29", "2026-2-28", "2026-13-01", "20260228", "2026-02-28T00"}) {
      CPPUNIT_ASSERT_MESSAGE(bad, !helpers::parse_date(bad));
    }
  }

  void transient_failures_are_retried_a_few_times_and_others_never() {
    QuietHost host;
    const helpers::RetryPolicy quick{3, std::chrono::milliseconds(1)};
    int tries = 0;
    helpers::retry_transient(
        host,
        [&] {
          if (++tries < 3) throw transient("flake");
        },
        quick);
    CPPUNIT_ASSERT_EQUAL(3, tries);
    tries = 0;
    CPPUNIT_ASSERT(kind_of([&] {
                     helpers::retry_transient(
                         host,
                         [&] {
                           ++tries;
                           throw transient("down");
                         },
                         quick);
                   }) == ErrorKind::Transient);
    CPPUNIT_ASSERT_EQUAL(3, tries);
    tries = 0;
    CPPUNIT_ASSERT(kind_of([&] {
                     helpers::retry_transient(
                         host,
                         [&] {
                           ++tries;
                           throw rate_limited("slow", std::chrono::seconds(5));
                         },
                         quick);
                   }) == ErrorKind::RateLimited);
    CPPUNIT_ASSERT_EQUAL(1, tries);
  }

  void day_checkpoints_mark_only_complete_days_and_resume_the_day_after() {
    using namespace std::chrono;
    const auto day_of = [](unsigned d) { return year_month_day{year{2026}, month{1}, day{d}}; };
    SyncRequest request;
    request.from = day_of(1);
    request.to = day_of(10);
    CheckpointLog sink;
    helpers::DayCheckpoints days(request);
    days.saw(day_of(1));
    days.saw(day_of(3));
    days.page_done(sink);  // day 3 may continue on the next page: 2 is the last complete day
    days.saw(day_of(3));
    days.page_done(sink);  // nothing new is complete
    CPPUNIT_ASSERT(sink.checkpoints == std::vector<std::string>{"2026-01-02"});
    CPPUNIT_ASSERT(kind_of([&] { days.saw(day_of(11)); }) == ErrorKind::Permanent);
    days.finished(sink);
    CPPUNIT_ASSERT_EQUAL(std::string("2026-01-10"), sink.checkpoints.back());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{10}, sink.last.done);

    request.resume_from = "2026-01-04";
    helpers::DayCheckpoints resumed(request);
    CPPUNIT_ASSERT(resumed.first_day() == day_of(5));
    resumed.saw(day_of(8));
    resumed.saw(day_of(6));  // out of order: no checkpoint can be trusted before the end
    CheckpointLog quiet;
    resumed.page_done(quiet);
    CPPUNIT_ASSERT(quiet.checkpoints.empty());
    request.resume_from = "2026-01-10";
    CPPUNIT_ASSERT(helpers::DayCheckpoints(request).nothing_left());
  }

  void http_failures_map_to_error_kinds() {
    auto kind = [](int status) {
      HttpResponse r;
      r.status = status;
      return kind_of([&] { helpers::expect_success(r, "call"); });
    };
    CPPUNIT_ASSERT(kind(200) == ErrorKind::None);
    CPPUNIT_ASSERT(kind(401) == ErrorKind::NeedsReauth);
    CPPUNIT_ASSERT(kind(429) == ErrorKind::RateLimited);
    CPPUNIT_ASSERT(kind(503) == ErrorKind::Transient);
    CPPUNIT_ASSERT(kind(0) == ErrorKind::Transient);
    CPPUNIT_ASSERT(kind(404) == ErrorKind::Permanent);
  }

  void export_adapter_turns_exceptions_into_status_values() {
    static constexpr abi::ConnectorApi api = detail::make_api<RateLimitedConnector>();
    Status status;
    void* c = api.create(status);
    CPPUNIT_ASSERT(status.ok() && c);
    QuietHost host;
    OAuthStart start;
    api.start_oauth(c, host, {}, start, status);
    CPPUNIT_ASSERT(status.kind == ErrorKind::RateLimited);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{30}, static_cast<std::int64_t>(status.retry_after.count()));
    Credentials creds;
    api.finish_oauth(c, host, {}, creds, status);
    CPPUNIT_ASSERT(status.kind == ErrorKind::Fault);
    CheckoutSession session;
    api.create_checkout(c, host, {}, session, status);
    CPPUNIT_ASSERT(status.kind == ErrorKind::Unsupported);
    api.destroy(c);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HelpersTest);

}  // namespace

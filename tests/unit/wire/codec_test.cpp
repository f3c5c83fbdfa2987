// The host–worker wire format: every SDK type survives a round trip field for field, and bytes
// a hostile worker could send (truncated, oversized, out of range, garbage) are refused.
#include <cppunit/extensions/HelperMacros.h>

#include <cstring>
#include <roi/wire/frame.hpp>

using namespace roi;

namespace {

using namespace std::chrono;

// Values with every field set to something other than its default.
sdk::Credentials credentials() {
  return {"access", "refresh", sys_seconds{seconds{1700000000}}, "scope a b", "acct-1"};
}
sdk::SyncRequest sync_request() {
  return {credentials(), "acct-1", 2024y / 2 / 29, 2024y / 12 / 31, "cursor-7"};
}
sdk::DailyMetric metric() {
  return {"acct-1", "camp-2", 2024y / 3 / 4, 1000, 20, {1234567, "EUR"}, 1500000, {9876543, "EUR"}};
}
sdk::Order order() {
  return {"shop",
          "o-1",
          sys_seconds{seconds{1700000001}},
          {42000000, "USD"},
          sdk::OrderStatus::Refunded,
          "google",
          "spring",
          std::nullopt,
          "gclid",
          "www.google.com",
          sys_seconds{seconds{1700000000}}};
}
sdk::HttpRequest http_request() {
  return {
      "POST", "https://api.example.com/x", {{"a", "1"}, {"b", "2"}}, "body", milliseconds{1234}};
}
sdk::HttpResponse http_response() { return {503, {{"retry-after", "3"}}, "busy", "no"}; }

template <typename T>
std::string encoded(const T& value) {
  wire::Writer w;
  wire::encode(w, value);
  return w.buffer();
}

// Encodes, decodes and encodes again: the same bytes, and the decoded value's fields (checked
// by `same`) equal the original's.
template <typename T, typename Same>
void round_trip(const T& value, Same same) {
  const std::string bytes = encoded(value);
  const T back = wire::decode_all<T>(bytes);
  CPPUNIT_ASSERT(same(value, back));
  CPPUNIT_ASSERT(bytes == encoded(back));
  // Every proper prefix is truncated, and one byte more is left over.
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CPPUNIT_ASSERT_THROW(wire::decode_all<T>(bytes.substr(0, n)), wire::Malformed);
  }
  CPPUNIT_ASSERT_THROW(wire::decode_all<T>(bytes + "x"), wire::Malformed);
}

bool same_money(const sdk::Money& a, const sdk::Money& b) {
  return a.micros == b.micros && a.currency == b.currency;
}
bool same_credentials(const sdk::Credentials& a, const sdk::Credentials& b) {
  return a.access_token == b.access_token && a.refresh_token == b.refresh_token &&
         a.expires_at == b.expires_at && a.scope == b.scope && a.account_id == b.account_id;
}

class CodecTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CodecTest);
  CPPUNIT_TEST(every_sdk_type_survives_a_round_trip);
  CPPUNIT_TEST(refuses_enum_values_past_the_last);
  CPPUNIT_TEST(refuses_counts_larger_than_the_message);
  CPPUNIT_TEST(refuses_impossible_dates_and_booleans);
  CPPUNIT_TEST(frames_arrive_whole_however_the_bytes_are_split);
  CPPUNIT_TEST(a_large_frame_is_not_held_once_taken);
  CPPUNIT_TEST(refuses_empty_oversized_and_unknown_frames);
  CPPUNIT_TEST_SUITE_END();

 public:
  void every_sdk_type_survives_a_round_trip() {
    round_trip(
        sdk::Description{
            "id-1", "Name", "1.2.3", {sdk::Capability::Ads, sdk::Capability::Webhooks}},
        [](const auto& a, const auto& b) {
          return a.id == b.id && a.name == b.name && a.version == b.version &&
                 a.capabilities == b.capabilities;
        });
    round_trip(credentials(), same_credentials);
    round_trip(sdk::Description{"id-2",
                                "Form",
                                "2.0.0",
                                {},
                                {sdk::ConnectMethod::Form, R"({"type":"object"})"},
                                {{"api_key", "the key", true, true, "dflt", {"X_KEY", "Y_KEY"}}}},
               [](const auto& a, const auto& b) {
                 const auto &s = a.settings.at(0), &t = b.settings.at(0);
                 return a.connect.method == b.connect.method &&
                        a.connect.form_schema == b.connect.form_schema && s.key == t.key &&
                        s.description == t.description && s.required == t.required &&
                        s.secret == t.secret && s.default_value == t.default_value &&
                        s.aliases == t.aliases;
               });
    round_trip(sdk::FormConnectRequest{{{"api_key", "k"}, {"region", "eu"}}},
               [](const auto& a, const auto& b) { return a.fields == b.fields; });
    round_trip(sdk::OAuthStartRequest{"https://cb", "state", {{"shop", "x.myshopify.com"}}},
               [](const auto& a, const auto& b) {
                 return a.redirect_uri == b.redirect_uri && a.state == b.state &&
                        a.params == b.params;
               });
    round_trip(sdk::OAuthStart{"https://authorize"},
               [](const auto& a, const auto& b) { return a.authorize_url == b.authorize_url; });
    round_trip(sdk::OAuthFinishRequest{"https://cb", "code", {{"code", "c"}, {"shop", "s"}}},
               [](const auto& a, const auto& b) {
                 return a.redirect_uri == b.redirect_uri && a.code == b.code &&
                        a.callback_query == b.callback_query;
               });
    round_trip(sync_request(), [](const auto& a, const auto& b) {
      return same_credentials(a.credentials, b.credentials) && a.account_id == b.account_id &&
             a.from == b.from && a.to == b.to && a.resume_from == b.resume_from;
    });
    round_trip(
        sdk::WebhookRequest{
            {{"x-sig", "abc"}}, std::string("raw\0bytes", 9), {{"hub.mode", "subscribe"}}},
        [](const auto& a, const auto& b) {
          return a.headers == b.headers && a.body == b.body && a.query == b.query;
        });
    sdk::WebhookEvent order_event{"e1", "orders/create", "shop-1",
                                  sdk::WebhookAction::OrderUpserted};
    order_event.occurred_at = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
    order_event.sequence = 2;
    order_event.order = sdk::Order{"shop-1",
                                   "o-9",
                                   std::chrono::sys_seconds{std::chrono::seconds{1}},
                                   {1500000, "EUR"},
                                   sdk::OrderStatus::Paid,
                                   "google",
                                   std::nullopt,
                                   "cpc",
                                   std::nullopt,
                                   std::nullopt,
                                   std::nullopt};
    order_event.order_ids = {"o-1", "o-2"};
    sdk::WebhookEvent billing_event{"e2", "customer.subscription.updated", "",
                                    sdk::WebhookAction::SubscriptionChanged};
    billing_event.subscription =
        sdk::SubscriptionChange{"sub_1",
                                "cus_1",
                                "42",
                                "pro",
                                sdk::SubscriptionStatus::PastDue,
                                std::chrono::sys_seconds{std::chrono::seconds{1800000000}},
                                true};
    round_trip(std::vector<sdk::WebhookEvent>{order_event, billing_event}, [](const auto& a,
                                                                              const auto& b) {
      const auto& s = *b[1].subscription;
      return a.size() == b.size() && a[1].id == b[1].id && a[1].type == b[1].type &&
             a[0].account_id == b[0].account_id && a[0].action == b[0].action &&
             a[0].occurred_at == b[0].occurred_at && a[0].sequence == b[0].sequence && b[0].order &&
             b[0].order->id == "o-9" && b[0].order->total.micros == 1500000 &&
             a[0].order_ids == b[0].order_ids && !b[0].subscription &&
             s.subscription_id == "sub_1" && s.customer_reference == "42" && s.plan == "pro" &&
             s.status == sdk::SubscriptionStatus::PastDue &&
             s.period_end == a[1].subscription->period_end && s.cancel_at_period_end == true;
    });
    round_trip(sdk::CheckoutRequest{"42", "a@b.c", "pro", "https://ok", "https://no"},
               [](const auto& a, const auto& b) {
                 return a.customer_reference == b.customer_reference &&
                        a.customer_email == b.customer_email && a.plan == b.plan &&
                        a.success_url == b.success_url && a.cancel_url == b.cancel_url;
               });
    round_trip(sdk::CheckoutSession{"cs_1", "https://pay"},
               [](const auto& a, const auto& b) { return a.id == b.id && a.url == b.url; });
    round_trip(std::vector<sdk::Account>{{"a1", "Name", "USD", "Europe/Berlin"}},
               [](const auto& a, const auto& b) {
                 return a[0].id == b[0].id && a[0].name == b[0].name &&
                        a[0].currency == b[0].currency && a[0].time_zone == b[0].time_zone;
               });
    round_trip(sdk::Campaign{"a1", "c1", "Spring", sdk::CampaignStatus::Paused},
               [](const auto& a, const auto& b) {
                 return a.account_id == b.account_id && a.id == b.id && a.name == b.name &&
                        a.status == b.status;
               });
    round_trip(metric(), [](const auto& a, const auto& b) {
      return a.account_id == b.account_id && a.campaign_id == b.campaign_id && a.date == b.date &&
             a.impressions == b.impressions && a.clicks == b.clicks &&
             same_money(a.spend, b.spend) && a.conversions_micros == b.conversions_micros &&
             same_money(a.conversion_value, b.conversion_value);
    });
    round_trip(order(), [](const auto& a, const auto& b) {
      return a.account_id == b.account_id && a.id == b.id && a.placed_at == b.placed_at &&
             same_money(a.total, b.total) && a.status == b.status && a.utm_source == b.utm_source &&
             a.utm_campaign == b.utm_campaign && a.utm_medium == b.utm_medium &&
             a.click_id == b.click_id && a.referrer == b.referrer && a.visited_at == b.visited_at;
    });
    round_trip(sdk::Progress{7, 9},
               [](const auto& a, const auto& b) { return a.done == b.done && a.total == b.total; });
    round_trip(sdk::Status{sdk::ErrorKind::RateLimited, "slow down", seconds{30}},
               [](const auto& a, const auto& b) {
                 return a.kind == b.kind && a.message == b.message &&
                        a.retry_after == b.retry_after;
               });
    round_trip(http_request(), [](const auto& a, const auto& b) {
      return a.method == b.method && a.url == b.url && a.headers == b.headers && a.body == b.body &&
             a.timeout == b.timeout;
    });
    round_trip(http_response(), [](const auto& a, const auto& b) {
      return a.status == b.status && a.headers == b.headers && a.body == b.body &&
             a.error == b.error;
    });
  }

  void refuses_enum_values_past_the_last() {
    std::string bytes = encoded(sdk::Status{sdk::ErrorKind::Fault, "", seconds{0}});
    bytes[0] = static_cast<char>(static_cast<int>(sdk::ErrorKind::Fault) + 1);
    CPPUNIT_ASSERT_THROW(wire::decode_all<sdk::Status>(bytes), wire::Malformed);
  }

  void refuses_counts_larger_than_the_message() {
    // A count of 4 billion accounts in a 4-byte message must not make the reader allocate.
    const std::string bytes("\xff\xff\xff\xff", 4);
    CPPUNIT_ASSERT_THROW(wire::decode_all<std::vector<sdk::Account>>(bytes), wire::Malformed);
    const std::string long_string(
        "\xff\xff\xff\x0f"
        "abc",
        7);
    CPPUNIT_ASSERT_THROW(wire::decode_all<std::string>(long_string), wire::Malformed);
    // A count that the bytes left could hold, of elements far larger decoded than encoded (a
    // webhook event is hundreds of bytes): refused as Malformed, not by running out of memory.
    std::string forged("\x00\x00\x00\x04", 4);  // 2^26 events, one per byte that follows
    forged.append(64 * 1024 * 1024, '\xff');    // and the first of them is already broken
    CPPUNIT_ASSERT_THROW(wire::decode_all<std::vector<sdk::WebhookEvent>>(forged), wire::Malformed);
  }

  void refuses_impossible_dates_and_booleans() {
    wire::Writer w;
    w.i64(1'000'000);
    w.u8(1);
    w.u8(1);
    CPPUNIT_ASSERT_THROW(wire::decode_all<year_month_day>(w.buffer()), wire::Malformed);
    CPPUNIT_ASSERT_THROW(wire::decode_all<bool>(std::string(1, '\x02')), wire::Malformed);
    wire::Writer big;
    big.i64(std::int64_t{1} << 40);
    CPPUNIT_ASSERT_THROW(wire::decode_all<int>(big.buffer()), wire::Malformed);
  }

  void frames_arrive_whole_however_the_bytes_are_split() {
    const std::string stream = wire::make_frame(wire::Message::HttpRequest, http_request()) +
                               wire::make_frame(wire::Message::Log, std::string("x"));
    wire::FrameBuffer buffer;
    std::vector<wire::Frame> frames;
    for (char byte : stream) {
      *buffer.prepare(1) = byte;
      buffer.commit(1);
      while (auto frame = buffer.next()) frames.push_back(std::move(*frame));
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, frames.size());
    CPPUNIT_ASSERT(frames[0].type == wire::Message::HttpRequest);
    CPPUNIT_ASSERT_EQUAL(http_request().url,
                         wire::decode_all<sdk::HttpRequest>(frames[0].payload).url);
    CPPUNIT_ASSERT(frames[1].type == wire::Message::Log);
    CPPUNIT_ASSERT(buffer.empty());
  }

  void a_large_frame_is_not_held_once_taken() {
    const std::string big = wire::make_frame(wire::Message::Log, std::string(8 << 20, 'x'));
    wire::FrameBuffer buffer;
    std::memcpy(buffer.prepare(big.size()), big.data(), big.size());
    buffer.commit(big.size());
    CPPUNIT_ASSERT(buffer.next());
    CPPUNIT_ASSERT(buffer.held() >= big.size());
    buffer.prepare(64 * 1024);  // the next receive
    CPPUNIT_ASSERT(buffer.held() <= wire::FrameBuffer::kKeptBytes);
  }

  void refuses_empty_oversized_and_unknown_frames() {
    auto first_frame = [](const std::string& bytes) {
      wire::FrameBuffer buffer;
      std::memcpy(buffer.prepare(bytes.size()), bytes.data(), bytes.size());
      buffer.commit(bytes.size());
      return buffer.next();
    };
    auto header = [](std::uint32_t length, char type) {
      std::string out(4, '\0');
      std::memcpy(out.data(), &length, 4);
      return out + type;
    };
    CPPUNIT_ASSERT_THROW(first_frame(header(0, 1)), wire::Malformed);
    CPPUNIT_ASSERT_THROW(first_frame(header(wire::kMaxFrameBytes + 1, 1)), wire::Malformed);
    CPPUNIT_ASSERT_THROW(first_frame(header(1, 0)), wire::Malformed);
    CPPUNIT_ASSERT_THROW(first_frame(header(1, 99)), wire::Malformed);
    // A frame announced at the limit is waited for, not refused or allocated up front.
    CPPUNIT_ASSERT(!first_frame(header(wire::kMaxFrameBytes, 1)));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CodecTest);

}  // namespace

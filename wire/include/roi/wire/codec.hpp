// The binary encoding of every SDK value that crosses between roi-host and a connector worker.
// Each struct's fields are listed once, below; a static_assert catches a field added to the SDK
// but not here. Decoding is strict: anything truncated, out of range or left over is Malformed.
#pragma once

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <roi/sdk/connector.hpp>
#include <roi/sdk/host_services.hpp>
#include <roi/sdk/record_sink.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace roi::wire {

// What a reader throws on bytes that are not a valid encoding. Bytes from a worker are hostile.
class Malformed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Writer {
 public:
  void u8(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void u32(std::uint32_t value);
  void i64(std::int64_t value);
  void bytes(std::string_view value);

  std::size_t size() const { return out_.size(); }
  std::string& buffer() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint8_t u8();
  std::uint32_t u32();
  std::int64_t i64();
  std::string bytes();
  // A count of elements that each take at least `min_bytes`: never more than what is left can
  // hold, so a forged count cannot run the reader past its frame.
  std::size_t count(std::size_t min_bytes);

  bool done() const { return at_ == in_.size(); }
  void expect_end() const;

 private:
  std::string_view take(std::size_t n);

  std::string_view in_;
  std::size_t at_ = 0;
};

// ---- The one list of SDK types and their fields, in wire order. ----

template <typename T, typename U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

template <Is<sdk::Money> T>
auto fields(T& v) {
  return std::tie(v.micros, v.currency);
}
template <Is<sdk::Account> T>
auto fields(T& v) {
  return std::tie(v.id, v.name, v.currency, v.time_zone);
}
template <Is<sdk::Campaign> T>
auto fields(T& v) {
  return std::tie(v.account_id, v.id, v.name, v.status);
}
template <Is<sdk::DailyMetric> T>
auto fields(T& v) {
  return std::tie(v.account_id, v.campaign_id, v.date, v.impressions, v.clicks, v.spend,
                  v.conversions_micros, v.conversion_value);
}
template <Is<sdk::Order> T>
auto fields(T& v) {
  return std::tie(v.account_id, v.id, v.placed_at, v.total, v.status, v.utm_source, v.utm_campaign,
                  v.utm_medium, v.click_id, v.referrer, v.visited_at);
}
template <Is<sdk::Progress> T>
auto fields(T& v) {
  return std::tie(v.done, v.total);
}
template <Is<sdk::SettingSpec> T>
auto fields(T& v) {
  return std::tie(v.key, v.description, v.required, v.secret, v.default_value, v.aliases);
}
template <Is<sdk::ConnectSpec> T>
auto fields(T& v) {
  return std::tie(v.method, v.form_schema);
}
template <Is<sdk::Description> T>
auto fields(T& v) {
  return std::tie(v.id, v.name, v.version, v.capabilities, v.connect, v.settings);
}
template <Is<sdk::FormConnectRequest> T>
auto fields(T& v) {
  return std::tie(v.fields);
}
template <Is<sdk::Credentials> T>
auto fields(T& v) {
  return std::tie(v.access_token, v.refresh_token, v.expires_at, v.scope, v.account_id);
}
template <Is<sdk::OAuthStartRequest> T>
auto fields(T& v) {
  return std::tie(v.redirect_uri, v.state, v.params);
}
template <Is<sdk::OAuthStart> T>
auto fields(T& v) {
  return std::tie(v.authorize_url);
}
template <Is<sdk::OAuthFinishRequest> T>
auto fields(T& v) {
  return std::tie(v.redirect_uri, v.code, v.callback_query);
}
template <Is<sdk::SyncRequest> T>
auto fields(T& v) {
  return std::tie(v.credentials, v.account_id, v.from, v.to, v.resume_from);
}
template <Is<sdk::WebhookRequest> T>
auto fields(T& v) {
  return std::tie(v.headers, v.body, v.query);
}
template <Is<sdk::SubscriptionChange> T>
auto fields(T& v) {
  return std::tie(v.subscription_id, v.customer_id, v.customer_reference, v.plan, v.status,
                  v.period_end, v.cancel_at_period_end);
}
template <Is<sdk::WebhookEvent> T>
auto fields(T& v) {
  return std::tie(v.id, v.type, v.account_id, v.action, v.occurred_at, v.sequence, v.order,
                  v.order_ids, v.subscription);
}
template <Is<sdk::CheckoutRequest> T>
auto fields(T& v) {
  return std::tie(v.customer_reference, v.customer_email, v.plan, v.success_url, v.cancel_url);
}
template <Is<sdk::PlanChangeRequest> T>
auto fields(T& v) {
  return std::tie(v.subscription_id, v.customer_reference, v.plan);
}
template <Is<sdk::CheckoutSession> T>
auto fields(T& v) {
  return std::tie(v.id, v.url);
}
template <Is<sdk::Status> T>
auto fields(T& v) {
  return std::tie(v.kind, v.message, v.retry_after);
}
template <Is<sdk::HttpRequest> T>
auto fields(T& v) {
  return std::tie(v.method, v.url, v.headers, v.body, v.timeout);
}
template <Is<sdk::HttpResponse> T>
auto fields(T& v) {
  return std::tie(v.status, v.headers, v.body, v.error);
}

// The last value of each SDK enum: decoding refuses anything past it.
template <typename E>
inline constexpr E kLast = E{};
template <>
inline constexpr auto kLast<sdk::Capability> = sdk::Capability::Webhooks;
template <>
inline constexpr auto kLast<sdk::ConnectMethod> = sdk::ConnectMethod::Form;
template <>
inline constexpr auto kLast<sdk::CampaignStatus> = sdk::CampaignStatus::Unknown;
template <>
inline constexpr auto kLast<sdk::OrderStatus> = sdk::OrderStatus::Cancelled;
template <>
inline constexpr auto kLast<sdk::ErrorKind> = sdk::ErrorKind::Fault;
template <>
inline constexpr auto kLast<sdk::LogLevel> = sdk::LogLevel::Error;
template <>
inline constexpr auto kLast<sdk::WebhookAction> = sdk::WebhookAction::SubscriptionChanged;
template <>
inline constexpr auto kLast<sdk::SubscriptionStatus> = sdk::SubscriptionStatus::Paused;

// ---- Generic encoding, driven by the lists above. ----

namespace detail {

// How many members an aggregate has, counted by brace-initialising it from convertible values.
struct AnyValue {
  template <typename T>
  operator T() const;
};
template <typename T, std::size_t... I>
constexpr bool brace_initialisable(std::index_sequence<I...>) {
  return requires { T{(static_cast<void>(I), AnyValue{})...}; };
}
template <typename T, std::size_t N = 0>
constexpr std::size_t member_count() {
  if constexpr (brace_initialisable<T>(std::make_index_sequence<N + 1>{})) {
    return member_count<T, N + 1>();
  } else {
    return N;
  }
}

template <typename T>
concept HasFields = requires(T& v) {
  fields(v);
};

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsPair : std::false_type {};
template <typename A, typename B>
struct IsPair<std::pair<A, B>> : std::true_type {};
template <typename T>
struct IsDuration : std::false_type {};
template <typename R, typename P>
struct IsDuration<std::chrono::duration<R, P>> : std::true_type {};

}  // namespace detail

template <typename T>
void encode(Writer& w, const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    w.u8(value ? 1 : 0);
  } else if constexpr (std::is_enum_v<T>) {
    w.u8(static_cast<std::uint8_t>(value));
  } else if constexpr (std::is_integral_v<T>) {
    w.i64(static_cast<std::int64_t>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    w.bytes(value);
  } else if constexpr (detail::IsDuration<T>::value) {
    w.i64(static_cast<std::int64_t>(value.count()));
  } else if constexpr (std::is_same_v<T, std::chrono::sys_seconds>) {
    w.i64(value.time_since_epoch().count());
  } else if constexpr (std::is_same_v<T, std::chrono::year_month_day>) {
    w.i64(static_cast<int>(value.year()));
    w.u8(static_cast<std::uint8_t>(static_cast<unsigned>(value.month())));
    w.u8(static_cast<std::uint8_t>(static_cast<unsigned>(value.day())));
  } else if constexpr (detail::IsOptional<T>::value) {
    w.u8(value ? 1 : 0);
    if (value) encode(w, *value);
  } else if constexpr (detail::IsVector<T>::value) {
    w.u32(static_cast<std::uint32_t>(value.size()));
    for (const auto& element : value) encode(w, element);
  } else if constexpr (detail::IsPair<T>::value) {
    encode(w, value.first);
    encode(w, value.second);
  } else {
    static_assert(detail::HasFields<const T>, "no wire fields for this type");
    static_assert(detail::member_count<T>() == std::tuple_size_v<decltype(fields(value))>,
                  "a field of this SDK type is missing from its wire fields");
    std::apply([&w](const auto&... field) { (encode(w, field), ...); }, fields(value));
  }
}

template <typename T>
void decode(Reader& r, T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    const auto b = r.u8();
    if (b > 1) throw Malformed("a boolean is neither 0 nor 1");
    value = b == 1;
  } else if constexpr (std::is_enum_v<T>) {
    const auto raw = r.u8();
    if (raw > static_cast<std::uint8_t>(kLast<T>)) throw Malformed("an enum value is out of range");
    value = static_cast<T>(raw);
  } else if constexpr (std::is_integral_v<T>) {
    const std::int64_t raw = r.i64();
    if (raw < std::numeric_limits<T>::min() || raw > std::numeric_limits<T>::max()) {
      throw Malformed("an integer is out of range");
    }
    value = static_cast<T>(raw);
  } else if constexpr (std::is_same_v<T, std::string>) {
    value = r.bytes();
  } else if constexpr (detail::IsDuration<T>::value) {
    value = T{r.i64()};
  } else if constexpr (std::is_same_v<T, std::chrono::sys_seconds>) {
    value = std::chrono::sys_seconds{std::chrono::seconds{r.i64()}};
  } else if constexpr (std::is_same_v<T, std::chrono::year_month_day>) {
    const std::int64_t year = r.i64();
    const unsigned month = r.u8(), day = r.u8();
    if (year < -32767 || year > 32767) throw Malformed("a year is out of range");
    value = std::chrono::year{static_cast<int>(year)} / std::chrono::month{month} /
            std::chrono::day{day};
  } else if constexpr (detail::IsOptional<T>::value) {
    bool present = false;
    decode(r, present);
    if (present) {
      typename T::value_type inner{};
      decode(r, inner);
      value = std::move(inner);
    } else {
      value.reset();
    }
  } else if constexpr (detail::IsVector<T>::value) {
    const std::size_t n = r.count(1);
    value.clear();
    // A count is bounded by the bytes left, not by memory: an element can take far more room
    // decoded than its one byte encoded, so only a modest start is reserved on its word.
    value.reserve(std::min<std::size_t>(n, 1024));
    for (std::size_t i = 0; i < n; ++i) decode(r, value.emplace_back());
  } else if constexpr (detail::IsPair<T>::value) {
    decode(r, value.first);
    decode(r, value.second);
  } else {
    std::apply([&r](auto&... field) { (decode(r, field), ...); }, fields(value));
  }
}

// One whole value from `payload`, with nothing left over.
template <typename T>
T decode_all(std::string_view payload) {
  Reader r(payload);
  T value{};
  decode(r, value);
  r.expect_end();
  return value;
}

}  // namespace roi::wire

#include "store/throttle_repository.hpp"

#include <soci/soci.h>

#include <string>

#include "store/query_guard.hpp"

namespace roi::store {
namespace {

std::optional<std::chrono::seconds> wait_of(int seconds) {
  if (seconds <= 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

}  // namespace

std::optional<std::chrono::seconds> ThrottleRepository::try_acquire(std::string_view address,
                                                                    std::string_view email) {
  return guarded("throttle.login_attempt", [&] {
    auto session = pool_.lease();
    const std::string a(address), e(email);
    const long long first = login_.first_delay.count(), max = login_.max_delay.count();
    const int forget = static_cast<int>(login_.forget_after.count());
    int wait = 0;
    *session << "SELECT login_attempt(:a, :e, :fa::int, :fe::int, :first::bigint, :max::bigint, "
                ":forget::int)",
        soci::use(a), soci::use(e), soci::use(login_.address_free_failures),
        soci::use(login_.account_free_failures), soci::use(first), soci::use(max),
        soci::use(forget), soci::into(wait);
    return wait_of(wait);
  });
}

void ThrottleRepository::give_back(std::string_view address, std::string_view email,
                                   bool succeeded) {
  guarded("throttle.login_give_back", [&] {
    auto session = pool_.lease();
    const std::string a(address), e(email);
    const int done = succeeded ? 1 : 0;
    const long long first = login_.first_delay.count(), max = login_.max_delay.count();
    const int forget = static_cast<int>(login_.forget_after.count());
    *session << "SELECT login_give_back(:a, :e, :done::int <> 0, :fa::int, :fe::int, "
                ":first::bigint, :max::bigint, :forget::int)",
        soci::use(a), soci::use(e), soci::use(done), soci::use(login_.address_free_failures),
        soci::use(login_.account_free_failures), soci::use(first), soci::use(max),
        soci::use(forget);
  });
}

void ThrottleRepository::abandoned(std::string_view address, std::string_view email) {
  give_back(address, email, false);
}

void ThrottleRepository::succeeded(std::string_view address, std::string_view email) {
  give_back(address, email, true);
}

std::optional<std::chrono::seconds> ThrottleRepository::try_acquire(std::string_view address) {
  return guarded("throttle.register_attempt", [&] {
    auto session = pool_.lease();
    const std::string a(address);
    const int window = static_cast<int>(registrations_.window.count());
    int wait = 0;
    *session << "SELECT register_attempt(:a, :pa::int, :pw::int, :w::int)", soci::use(a),
        soci::use(registrations_.per_address), soci::use(registrations_.per_window),
        soci::use(window), soci::into(wait);
    return wait_of(wait);
  });
}

void ThrottleRepository::abandoned(std::string_view address) {
  guarded("throttle.register_give_back", [&] {
    auto session = pool_.lease();
    const std::string a(address);
    const int window = static_cast<int>(registrations_.window.count());
    *session << "SELECT register_give_back(:a, :w::int)", soci::use(a), soci::use(window);
  });
}

std::int64_t ThrottleRepository::forget_stale() {
  return guarded("throttle.forget_stale", [&] {
    auto session = pool_.lease();
    const int forget = static_cast<int>(login_.forget_after.count());
    const int window = static_cast<int>(registrations_.window.count());
    soci::statement failures =
        (session->prepare << "DELETE FROM login_failures "
                             "WHERE last_at <= now() - make_interval(secs => :f::int)",
         soci::use(forget));
    failures.execute(true);
    soci::statement windows =
        (session->prepare << "DELETE FROM register_windows "
                             "WHERE started_at <= now() - make_interval(secs => :w::int)",
         soci::use(window));
    windows.execute(true);
    return static_cast<std::int64_t>(failures.get_affected_rows() + windows.get_affected_rows());
  });
}

}  // namespace roi::store

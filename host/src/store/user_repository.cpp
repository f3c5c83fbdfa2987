#include "store/user_repository.hpp"

#include <soci/soci.h>

#include "store/query_guard.hpp"

namespace roi::store {
namespace {

constexpr const char* kCreatedAt =
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

}  // namespace

std::optional<auth::User> UserRepository::create(const std::string& email,
                                                 const std::optional<std::string>& name,
                                                 const std::string& password_hash) {
  return guarded("users.create", [&]() -> std::optional<auth::User> {
    auto session = pool_.lease();
    auth::User user;
    std::string name_value = name.value_or("");
    soci::indicator name_in = name ? soci::i_ok : soci::i_null;
    soci::indicator got = soci::i_null;
    // ON CONFLICT keeps a duplicate email from aborting anything: it just returns no row.
    *session << std::string(
                    "INSERT INTO users (email, name, password_hash) "
                    "VALUES (:email, :name, :hash) ON CONFLICT (email) DO NOTHING "
                    "RETURNING id, time_zone, ") +
                    kCreatedAt,
        soci::use(email), soci::use(name_value, name_in), soci::use(password_hash),
        soci::into(user.id, got), soci::into(user.time_zone), soci::into(user.created_at);
    if (!session->got_data() || got != soci::i_ok) return std::nullopt;
    user.email = email;
    user.name = name;
    return user;
  });
}

std::optional<auth::UserWithHash> UserRepository::find_by_email(const std::string& email) {
  return guarded("users.find_by_email", [&]() -> std::optional<auth::UserWithHash> {
    auto session = pool_.lease();
    auth::UserWithHash found;
    std::string name;
    soci::indicator name_ind = soci::i_null;
    soci::indicator hash_ind = soci::i_null;
    *session << std::string("SELECT id, email, name, password_hash, time_zone, ") + kCreatedAt +
                    " FROM users WHERE email = :email",
        soci::use(email), soci::into(found.user.id), soci::into(found.user.email),
        soci::into(name, name_ind), soci::into(found.password_hash, hash_ind),
        soci::into(found.user.time_zone), soci::into(found.user.created_at);
    if (!session->got_data()) return std::nullopt;
    if (name_ind == soci::i_ok) found.user.name = name;
    if (hash_ind != soci::i_ok) found.password_hash.clear();
    return found;
  });
}

std::optional<auth::User> UserRepository::find(std::int64_t id) {
  return guarded("users.find", [&]() -> std::optional<auth::User> {
    auto session = pool_.lease();
    auth::User user;
    std::string name;
    soci::indicator name_ind = soci::i_null;
    *session << std::string("SELECT id, email, name, time_zone, ") + kCreatedAt +
                    " FROM users WHERE id = :id",
        soci::use(id), soci::into(user.id), soci::into(user.email), soci::into(name, name_ind),
        soci::into(user.time_zone), soci::into(user.created_at);
    if (!session->got_data()) return std::nullopt;
    if (name_ind == soci::i_ok) user.name = name;
    return user;
  });
}

bool UserRepository::is_time_zone(const std::string& zone) {
  return guarded("users.is_time_zone", [&] {
    auto session = pool_.lease();
    int known = 0;
    *session << "SELECT count(*) FROM pg_timezone_names WHERE name = :zone", soci::use(zone),
        soci::into(known);
    return known > 0;
  });
}

std::optional<auth::User> UserRepository::update_profile(
    std::int64_t id, const std::optional<std::optional<std::string>>& name,
    const std::optional<std::string>& time_zone) {
  guarded("users.update_profile", [&] {
    auto session = pool_.lease();
    const int set_name = name ? 1 : 0;
    const std::string name_value = name && *name ? **name : "";
    soci::indicator name_in = name && *name ? soci::i_ok : soci::i_null;
    const std::string zone = time_zone.value_or("");
    soci::indicator zone_in = time_zone ? soci::i_ok : soci::i_null;
    // A new zone fires users_time_zone_rebuild (sql/0005), in this same statement's transaction.
    *session << "UPDATE users SET name = CASE WHEN :set_name = 1 THEN :name ELSE name END, "
                "time_zone = coalesce(:zone, time_zone), updated_at = now() WHERE id = :id",
        soci::use(set_name), soci::use(name_value, name_in), soci::use(zone, zone_in),
        soci::use(id);
    if (time_zone) changes_.settle(*session);
  });
  return find(id);
}

std::string UserRepository::plan(std::int64_t user_id) {
  return guarded("subscriptions.plan", [&] {
    auto session = pool_.lease();
    std::string plan = "free";
    *session << "SELECT plan FROM subscriptions WHERE user_id = :id", soci::use(user_id),
        soci::into(plan);
    return session->got_data() ? plan : std::string("free");
  });
}

}  // namespace roi::store

#include "auth/hash_gate.hpp"

#include <algorithm>
#include <thread>

namespace roi::auth {
namespace {

int slot_count(int configured) {
  if (configured > 0) return configured;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency() / 2));
}

}  // namespace

HashGate::HashGate(int slots, std::chrono::milliseconds wait)
    : count_(slot_count(slots)), wait_(wait), slots_(count_) {}

std::optional<HashGate::Permit> HashGate::enter() {
  const bool got = wait_.count() > 0 ? slots_.try_acquire_for(wait_) : slots_.try_acquire();
  if (!got) return std::nullopt;
  return Permit(*this);
}

}  // namespace roi::auth

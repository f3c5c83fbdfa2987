// Caps the password hashes (bcrypt, ~0.2 s of CPU each at cost 12) running at once in this
// process, so a flood of logins leaves cores for everything else. A hash that finds no free slot
// within the wait is not queued: the caller answers "busy, retry".
#pragma once

#include <chrono>
#include <optional>
#include <semaphore>

namespace roi::auth {

class HashGate {
 public:
  // `slots` hashes at once (0: half the CPU cores, at least one); `wait`: how long enter() waits.
  HashGate(int slots, std::chrono::milliseconds wait);
  HashGate(const HashGate&) = delete;
  HashGate& operator=(const HashGate&) = delete;

  class Permit {
   public:
    explicit Permit(HashGate& gate) : gate_(&gate) {}
    Permit(Permit&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    ~Permit() {
      if (gate_) gate_->slots_.release();
    }

   private:
    HashGate* gate_;
  };

  // A slot held until the Permit goes, or nullopt when none came free within the wait.
  std::optional<Permit> enter();
  int slots() const { return count_; }

 private:
  int count_;
  std::chrono::milliseconds wait_;
  std::counting_semaphore<> slots_;
};

}  // namespace roi::auth

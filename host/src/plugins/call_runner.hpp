// Runs connector code on a thread of its own so that a hang costs that thread, not the request:
// the caller waits up to a deadline, then answers; the abandoned work keeps what it captured.
#pragma once

#include <chrono>
#include <functional>

namespace roi::plugins {

// Runs `work` on a new thread and waits up to `timeout`. Returns false if it has not finished;
// it then keeps running, detached, and everything it must touch has to be owned by `work`.
bool run_with_deadline(std::function<void()> work, std::chrono::milliseconds timeout);

}  // namespace roi::plugins

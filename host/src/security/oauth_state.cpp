#include "security/oauth_state.hpp"

#include <openssl/rand.h>

#include <roi/sdk/helpers/encoding.hpp>
#include <stdexcept>

#include "security/sha256.hpp"

namespace roi::security {

std::string new_oauth_state() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for a state");
  return sdk::helpers::to_hex({reinterpret_cast<const char*>(bytes), sizeof bytes});
}

std::string oauth_state_hash(std::string_view state) { return sha256_hex(state); }

}  // namespace roi::security

#include "core/session_state.hpp"

namespace huddle::core {

const Participant* SessionState::find(const std::string& participant_id) const {
  auto it = by_id.find(participant_id);
  return it == by_id.end() ? nullptr : &participants[it->second];
}

Participant* SessionState::find(const std::string& participant_id) {
  auto it = by_id.find(participant_id);
  return it == by_id.end() ? nullptr : &participants[it->second];
}

const Participant* SessionState::find_by_token_hash(const std::string& token_hash) const {
  // Keyed by a SHA-256 digest of a 256-bit random token: an attacker cannot steer the digest, so the
  // lookup's timing reveals nothing useful about stored tokens.
  auto it = by_token_hash.find(token_hash);
  return it == by_token_hash.end() ? nullptr : find(it->second);
}

}  // namespace huddle::core

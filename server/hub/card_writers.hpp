#pragma once
// Who is writing confusion cards, kept by the session host in memory only and never journaled, logged or
// sent: the board itself must not know authors, but two of its rules need people, not cards.
// - maxPerPerson: how many cards each participant has written on each board;
// - the release rule "cards from K different people": who has cards in the holding pen right now;
// - a pace limit, so one person cannot fill the pen in a burst.
// After a server restart all of this is empty: counts start again, and cards that were waiting count for
// no known writer, so they only go out once K new writers have joined them (the careful side).
#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/millis.hpp"

namespace huddle::hub {

// The shortest gap between two cards from one person.
inline constexpr core::Millis card_min_interval_ms = 2000;

class CardWriters {
 public:
  std::size_t written(const std::string& participant_id, int phase) const;
  // Different people with cards in the pen of `phase`'s board, counting `participant_id` as one of them.
  std::size_t writers_waiting_with(const std::string& participant_id, int phase) const;
  std::size_t writers_waiting(int phase) const;
  // Milliseconds until this person may write again (0: now).
  core::Millis wait_ms(const std::string& participant_id, core::Millis now) const;

  void wrote(const std::string& participant_id, int phase, core::Millis now);
  // The pen of `phase`'s board was released: nobody has cards waiting there any more.
  void released(int phase);
  void forget(const std::string& participant_id);

 private:
  std::unordered_map<std::string, std::unordered_map<int, std::size_t>> written_;  // person -> phase -> cards
  std::unordered_map<int, std::unordered_set<std::string>> waiting_;              // phase -> people
  std::unordered_map<std::string, core::Millis> last_card_at_;
};

}  // namespace huddle::hub

#pragma once
// Who is writing confusion cards, kept by the session host in memory only and never journaled, logged or
// sent: the board itself must not know authors, but two of its rules need people, not cards.
// - maxPerPerson: how many cards each participant has written on each board;
// - the release rule "cards from K different people": who has cards in the holding pen right now;
// - a pace limit, so one person cannot fill the pen in a burst.
// After a server restart all of this is empty: counts start again, and cards that were waiting count for
// no known writer, so they only go out once K new writers have joined them (the careful side).
//
// Who counts toward K, so that one person cannot fill the other K-1 places themselves (README, "Anonymity,
// precisely"). The threat: someone who wants to unmask a victim's card writes a card, leaves, joins again
// under a new name (a new participant id), writes again, ... until the pen goes out with the victim's card
// the only one they did not write.
// - A writer who leaves or is removed stops counting at once (withdraw()). Their cards stay in the pen and
//   count for nobody, as after a restart: a new identity is a new writer, but the old ones are gone.
// - A writer counts only while they have a connection open (the `present` test the host passes in). Without
//   this, the attack works without `leave`: close the socket, join again from a new one, and every old
//   identity still counts. With it, the attacker must hold K-1 connections open at once, which is the one
//   attack no server can tell from K-1 honest people (several real devices; see README).
//   What it costs honest rooms: a writer whose phone slept does not count until it reconnects (resuming
//   counts again at once), so a small room's pen may wait longer; the facilitator's "release now" (force)
//   is the way out, as for any pen below K. A comeback does not release the pen by itself: a release right
//   when someone reconnects would tell everyone that person had a card waiting. The next card, or the
//   facilitator, lets it go.
// - One connection or one resume token is never two writers at once: a connection holds one participant at
//   a time (join, resume and pod.create are refused on a bound connection), a resume token opens only its
//   own participant, and `leave` withdraws the identity before the connection can join again.
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/millis.hpp"

namespace huddle::hub {

// The shortest gap between two cards from one person.
inline constexpr core::Millis card_min_interval_ms = 2000;

class CardWriters {
 public:
  // Whether a writer counts toward K right now: the host answers "has a connection open".
  using Present = std::function<bool(const std::string& participant_id)>;

  std::size_t written(const std::string& participant_id, int phase) const;
  // Different present people with cards in the pen of `phase`'s board, counting `participant_id` (who is
  // writing now, so present) as one of them.
  std::size_t writers_waiting_with(const std::string& participant_id, int phase, const Present& present) const;
  std::size_t writers_waiting(int phase, const Present& present) const;
  // Milliseconds until this person may write again (0: now).
  core::Millis wait_ms(const std::string& participant_id, core::Millis now) const;

  void wrote(const std::string& participant_id, int phase, core::Millis now);
  // The pen of `phase`'s board was released: nobody has cards waiting there any more.
  void released(int phase);
  // The person left or was removed: their counts go, and they stop counting as a writer in every pen (their
  // cards stay there, written by nobody the pen knows).
  void forget(const std::string& participant_id);

 private:
  std::unordered_map<std::string, std::unordered_map<int, std::size_t>> written_;  // person -> phase -> cards
  std::unordered_map<int, std::unordered_set<std::string>> waiting_;              // phase -> people
  std::unordered_map<std::string, core::Millis> last_card_at_;
};

}  // namespace huddle::hub

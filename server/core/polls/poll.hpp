#pragma once
// One poll in a session: its settings, whether it takes ballots, whether participants see its results, and
// every voter's current ballot.
//
// Voters are identified by an opaque voter key chosen by the hub. In an anonymous poll it is NOT a participant
// id but a value derived from the participant's secret resume token and the poll id (computed outside core),
// so neither the poll's state nor the journal links an anonymous ballot to a person. In a named poll it is the
// participant id, and the voter's display name is kept beside the ballot. The poll never shows a key in any
// view, and never keeps a name in an anonymous poll.
//
// Named to anonymous. PROTOCOL.md promises that switching a poll to anonymous forgets every name already
// recorded, and a ballot keyed by a participant id is a name by another route. So the switch re-keys every
// ballot (BallotsRekeyed carries the whole set under new keys, in key order) and the hub deletes the named
// ballot events before it from the journal (Journal::rewrite), so no stored ballot keeps a participant id or
// a name, and nothing stored says in which order people voted. The new keys:
// - a voter who is connected at the switch gets the key they would have had in an anonymous poll (a digest
//   of their resume token): they can still change or take back their answer, and cannot vote twice;
// - a voter who is not connected gets a random key. The server cannot compute their token's key (it keeps
//   only the token's hash, and a key derived from anything stored would be linkable by whoever reads the
//   store). The hub remembers, in memory only, which random key is theirs, so until the server restarts
//   their next vote replaces that ballot as usual. After a restart nobody knows whose it is: it stays in the
//   tally as cast and can no longer be changed, and if that person votes again their new ballot counts as
//   well. The alternatives were worse: storing "this person has a frozen ballot" (refusing their re-vote)
//   links them to it whenever few ballots are frozen, and refusing the switch while a voter is away would
//   leave the facilitator unable to keep the promise at all. One-person-one-vote can thus fail only for a
//   person who voted while the poll was named, was away at the switch, and votes again after a restart.
//
// Operations come in decide/apply pairs: check_x() is const and says why x would be refused (decide), and x()
// refuses the same way and leaves the poll untouched, or makes the change (apply). Operations that cannot be
// refused have no check_x(). Repeating an operation that is already in effect (closing a closed poll,
// withdrawing without a ballot) is accepted and changes nothing, so a resent request is harmless.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/polls/ballot.hpp"
#include "core/polls/poll_settings.hpp"
#include "core/polls/poll_status.hpp"
#include "core/polls/recorded_ballot.hpp"
#include "core/rejection.hpp"

namespace huddle::core {

class Poll {
 public:
  // A poll is created open: it exists because its phase started or the facilitator launched it.
  Poll(std::string id, PollSettings settings);

  const std::string& id() const noexcept { return id_; }
  const PollSettings& settings() const noexcept { return settings_; }
  PollStatus status() const noexcept { return status_; }
  bool is_open() const noexcept { return status_ == PollStatus::open; }
  // The facilitator revealed the results (only matters while results are not live).
  bool revealed() const noexcept { return revealed_; }
  // Whether participants see the results: always for live results, otherwise once revealed.
  bool results_visible() const noexcept { return settings_.results_live || revealed_; }
  std::size_t voter_count() const noexcept { return ballots_.size(); }
  // The voter's current ballot, or nullptr if they have none.
  const Ballot* ballot_of(const std::string& voter_key) const;
  // Every current ballot by voter key. Ordered by key, which says nothing about who voted or when; views
  // still never expose this order.
  const std::map<std::string, RecordedBallot>& ballots() const noexcept { return ballots_; }

  // Casting (or changing) a ballot: refused while the poll is closed or if the ballot does not fit the poll.
  // A second ballot from the same key replaces the first. `voter_name` is kept only in a named poll.
  std::optional<Rejection> check_cast(const std::string& voter_key, const Ballot& ballot) const;
  std::optional<Rejection> cast(const std::string& voter_key, Ballot ballot, std::optional<std::string> voter_name);

  // Taking one's ballot back: refused once the poll is closed (its results are final until reopened).
  std::optional<Rejection> check_withdraw(const std::string& voter_key) const;
  std::optional<Rejection> withdraw(const std::string& voter_key);

  void open() noexcept { status_ = PollStatus::open; }
  void close() noexcept { status_ = PollStatus::closed; }
  // Shows the results to participants.
  void reveal() noexcept { revealed_ = true; }
  // Hides the results from participants again. On a live poll this also turns live results off: a facilitator
  // who presses "hide" wants them hidden, whatever the script said.
  void hide() noexcept;
  // Live results are visible to everyone as ballots come in; turning them off hides results not yet revealed.
  void set_results_live(bool live) noexcept { settings_.results_live = live; }

  // Named -> anonymous is always allowed and forgets every voter's name. Anonymous -> named is refused once
  // any ballot exists: people voted on the promise of anonymity, and their keys could not be turned into
  // names anyway.
  std::optional<Rejection> check_set_anonymous(bool anonymous) const;
  std::optional<Rejection> set_anonymous(bool anonymous);
  // The poll's ballots become exactly `ballots` (voter key -> ballot), with no names: how a poll switched to
  // anonymous re-keys the ballots cast while it was named (BallotsRekeyed).
  void replace_ballots(const std::vector<std::pair<std::string, Ballot>>& ballots);

  // Choice and scale polls: voters per option (or per point from scale.min) and the sum of ratings, kept as
  // ballots come and go. Counting 10,000 ballots afresh for every push of a vote storm was quadratic (issue
  // 19); tally() reads these instead. Empty for word clouds and open questions.
  const std::vector<std::size_t>& running_counts() const noexcept { return counts_; }
  long long rating_sum() const noexcept { return rating_sum_; }

 private:
  // Adds (+1) or takes away (-1) one ballot's part in the running counts.
  void count(const Ballot& ballot, int sign);

  std::string id_;
  PollSettings settings_;
  PollStatus status_ = PollStatus::open;
  bool revealed_ = false;
  std::map<std::string, RecordedBallot> ballots_;
  std::vector<std::size_t> counts_;
  long long rating_sum_ = 0;
};

}  // namespace huddle::core

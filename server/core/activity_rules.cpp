// Polls and confusion cards in a session (see activity_rules.hpp). Every refusal is decided here, before
// anything changes; apply_activity() then trusts its events, as apply() does.
#include "core/activity_rules.hpp"

#include <algorithm>
#include <map>
#include <variant>

#include "core/cards/card_settings.hpp"
#include "core/overloaded.hpp"
#include "core/polls/ballot_input.hpp"
#include "core/polls/quick_poll.hpp"

namespace huddle::core {

using protocol::ErrorCode;

namespace {

Outcome none() { return Outcome{}; }
Outcome one(Event event) { return Outcome{{std::move(event)}, {}}; }
Outcome refused(const Rejection& rejection) { return Outcome{{}, rejection}; }

// The current phase's board, or why there is none.
std::variant<const ConfusionBoard*, Rejection> current_board(const SessionState& s) {
  if (const ConfusionBoard* board = s.activity.board(s.phase)) return board;
  return Rejection{ErrorCode::phase_invalid, "There is no card board in this phase."};
}

ConfusionBoard::Refusal moderate(ConfusionBoard& board, std::string_view card_id, CardAction action) {
  switch (action) {
    case CardAction::approve: return board.approve(card_id);
    case CardAction::hide: return board.hide(card_id);
    case CardAction::unhide: return board.unhide(card_id);
    case CardAction::addressed: return board.mark_addressed(card_id);
    case CardAction::unaddressed: return board.unmark_addressed(card_id);
    case CardAction::pin: return board.pin(card_id);
    case CardAction::unpin: return board.unpin(card_id);
  }
  return std::nullopt;
}

// Moderation is rare and its refusals live in ConfusionBoard: try the change on a copy of the board.
template <class Change>
Outcome try_on_copy(const SessionState& s, Change change, Event event) {
  auto board = current_board(s);
  if (auto* r = std::get_if<Rejection>(&board)) return refused(*r);
  ConfusionBoard trial = *std::get<const ConfusionBoard*>(board);
  if (auto refusal = change(trial)) return refused(*refusal);
  return one(std::move(event));
}

const PollSlot* find_poll_or(const SessionState& s, const std::string& poll_id, Outcome& refusal) {
  const PollSlot* slot = s.activity.find_poll(poll_id);
  if (!slot) refusal = Outcome::refuse(ErrorCode::poll_not_found, "This session has no poll with that id.");
  return slot;
}

const Participant* active_participant(const SessionState& s, const Actor& actor, Outcome& refusal) {
  const Participant* p = s.find(actor.participant_id);
  if (!p || !p->active) refusal = Outcome::refuse(ErrorCode::not_in_session, "You are not in this session.");
  return p && p->active ? p : nullptr;
}

void start_poll_timer(PollSlot& slot, Millis at) {
  const auto& t = slot.poll.settings().timer_seconds;
  slot.closes_at = t ? std::optional<Millis>(at + Millis{*t} * 1000) : std::nullopt;
}

void close_poll(PollSlot& slot) {
  slot.poll.close();
  slot.closes_at.reset();
}

}  // namespace

const std::string& voter_key_for(const Poll& poll, const std::string& participant_id, const std::string& anonymous_key) {
  if (poll.ballot_of(participant_id)) return participant_id;
  return poll.settings().anonymous ? anonymous_key : participant_id;
}

Outcome decide_cast(const SessionState& s, const Actor& actor, const CastBallot& c) {
  Outcome refusal;
  const Participant* p = active_participant(s, actor, refusal);
  if (!p) return refusal;
  const PollSlot* slot = find_poll_or(s, c.poll_id, refusal);
  if (!slot) return refusal;
  const Poll& poll = slot->poll;
  const std::string& key = voter_key_for(poll, p->id, c.anonymous_key);
  auto parsed = parse_ballot(poll.settings(), c.vote);
  if (auto* r = std::get_if<Rejection>(&parsed)) return refused(*r);
  Ballot ballot = std::get<Ballot>(std::move(parsed));
  if (auto r = poll.check_cast(key, ballot)) return refused(*r);
  // The same ballot again (a resent request, a double tap) changes nothing and is not journaled twice.
  if (const Ballot* current = poll.ballot_of(key); current && *current == ballot) return none();
  std::optional<std::string> name;
  if (!poll.settings().anonymous) name = p->name;
  return one(BallotCast{c.poll_id, key, std::move(ballot), std::move(name)});
}

Outcome decide_withdraw(const SessionState& s, const Actor& actor, const WithdrawBallot& c) {
  Outcome refusal;
  const Participant* p = active_participant(s, actor, refusal);
  if (!p) return refusal;
  const PollSlot* slot = find_poll_or(s, c.poll_id, refusal);
  if (!slot) return refusal;
  const std::string& key = voter_key_for(slot->poll, p->id, c.anonymous_key);
  if (auto r = slot->poll.check_withdraw(key)) return refused(*r);
  if (!slot->poll.ballot_of(key)) return none();
  return one(BallotWithdrawn{c.poll_id, key});
}

Outcome decide_control(const SessionState& s, const ControlPoll& c, Millis now) {
  Outcome refusal;
  const PollSlot* slot = find_poll_or(s, c.poll_id, refusal);
  if (!slot) return refusal;
  const Poll& poll = slot->poll;
  const bool on_screen = s.activity.active_poll == c.poll_id;
  bool in_effect = false;
  switch (c.action) {
    case PollAction::open:
      if (!on_screen && !poll.is_open()) {
        return Outcome::refuse(ErrorCode::phase_invalid,
                               "Only the poll on screen can be reopened; go back to its phase first.");
      }
      in_effect = poll.is_open();
      break;
    case PollAction::close: in_effect = !poll.is_open(); break;
    case PollAction::reveal: in_effect = poll.revealed(); break;
    case PollAction::hide: in_effect = !poll.results_visible(); break;
    case PollAction::live: in_effect = poll.settings().results_live; break;
    case PollAction::unlive: in_effect = !poll.settings().results_live; break;
    case PollAction::anonymous:
    case PollAction::named: {
      const bool anonymous = c.action == PollAction::anonymous;
      if (auto r = poll.check_set_anonymous(anonymous)) return refused(*r);
      in_effect = poll.settings().anonymous == anonymous;
      break;
    }
    case PollAction::dismiss:
      if (!slot->quick) return Outcome::refuse(ErrorCode::invalid_field, "Only a quick poll can be dismissed.");
      in_effect = !on_screen;
      break;
  }
  if (in_effect) return none();
  Outcome out = one(PollControlled{c.poll_id, c.action, now});
  if (c.action == PollAction::anonymous && !poll.ballots().empty()) {
    // Every named ballot moves to its voter's new key (poll.hpp, "Named to anonymous"); the std::map puts the
    // set in key order, which says nothing about who voted or when.
    std::map<std::string, Ballot> rekeyed;
    for (const auto& [participant_id, recorded] : poll.ballots()) {
      auto key = c.anonymous_keys.find(participant_id);
      if (key == c.anonymous_keys.end() || key->second.empty() || key->second == participant_id) {
        return Outcome::refuse(ErrorCode::unavailable, "The poll could not be made anonymous now. Try again.");
      }
      rekeyed[key->second] = recorded.ballot;
    }
    out.events.push_back(BallotsRekeyed{c.poll_id, {rekeyed.begin(), rekeyed.end()}});
  }
  return out;
}

Outcome decide_quick_poll(const SessionState& s, const LaunchQuickPoll& c, Millis now) {
  if (s.activity.quick_polls >= max_quick_polls) {
    return Outcome::refuse(ErrorCode::rate_limited,
                           "This session has launched " + std::to_string(max_quick_polls) + " quick polls, the most it can.");
  }
  auto settings = validate_quick_poll(c.poll);
  if (auto* r = std::get_if<Rejection>(&settings)) return refused(*r);
  return one(QuickPollLaunched{"quick-" + std::to_string(s.activity.quick_polls + 1),
                               std::get<PollSettings>(std::move(settings)), now});
}

Outcome decide_submit_card(const SessionState& s, const SubmitCard& c) {
  auto found = current_board(s);
  if (auto* r = std::get_if<Rejection>(&found)) return refused(*r);
  const ConfusionBoard& board = *std::get<const ConfusionBoard*>(found);
  if (auto r = board.can_accept(c.text)) return refused(*r);
  const std::size_t most = board.settings().max_per_person;
  if (c.cards_written >= most) {
    return Outcome::refuse(ErrorCode::rate_limited, "You have written " + std::to_string(c.cards_written) +
                                                        (c.cards_written == 1 ? " card" : " cards") +
                                                        " in this phase, the most this board takes from one person.");
  }
  Outcome out = one(CardSubmitted{*s.phase, c.card_id, c.text});
  // The same rule as ConfusionBoard::release_ready: K cards from K different people, then all at once.
  const std::size_t k = board.settings().release_threshold;
  if (board.waiting_count() + 1 >= k && c.writers_waiting >= k) out.events.push_back(CardsReleased{*s.phase, c.seed});
  return out;
}

Outcome decide_vote_card(const SessionState& s, const VoteCard& c) {
  auto found = current_board(s);
  if (auto* r = std::get_if<Rejection>(&found)) return refused(*r);
  const ConfusionBoard& board = *std::get<const ConfusionBoard*>(found);
  if (!board.settings().votes) return Outcome::refuse(ErrorCode::forbidden, "\"Me too\" is switched off on this board.");
  const Card* card = board.find(c.card_id);
  if (!card) return Outcome::refuse(ErrorCode::invalid_field, "There is no card with that id on this board.");
  if (c.vote) {
    if (!card->on_board()) return Outcome::refuse(ErrorCode::invalid_field, "That card is not on the board.");
    if (board.has_voted(c.card_id, c.voter_key)) return none();  // a resent "me too" counts once
  } else {
    // A vote on a merged duplicate now lives on the card it was merged into.
    const Card* holder = card->merged_into ? board.find(*card->merged_into) : card;
    if (!holder || !board.has_voted(holder->id, c.voter_key)) return none();
  }
  return one(CardVoteChanged{*s.phase, c.card_id, c.voter_key, c.vote});
}

Outcome decide_moderate(const SessionState& s, const ModerateCard& c) {
  return try_on_copy(
      s, [&](ConfusionBoard& b) { return moderate(b, c.card_id, c.action); },
      CardModerated{s.phase.value_or(0), c.card_id, c.action});
}

Outcome decide_merge(const SessionState& s, const MergeCards& c) {
  return try_on_copy(
      s, [&](ConfusionBoard& b) { return b.merge(c.card_id, c.into_id); },
      CardsMerged{s.phase.value_or(0), c.card_id, c.into_id});
}

Outcome decide_release(const SessionState& s, const ReleaseCards& c) {
  auto found = current_board(s);
  if (auto* r = std::get_if<Rejection>(&found)) return refused(*r);
  ConfusionBoard trial = *std::get<const ConfusionBoard*>(found);
  auto released = trial.release_all(c.seed, c.force, c.writers_waiting);
  if (auto* r = std::get_if<Rejection>(&released)) return refused(*r);
  return one(CardsReleased{*s.phase, c.seed});
}

Outcome decide_rename_group(const SessionState& s, const RenameCardGroup& c) {
  return try_on_copy(
      s, [&](ConfusionBoard& b) { return b.rename_group(c.group_id, c.name); },
      CardGroupRenamed{s.phase.value_or(0), c.group_id, c.name});
}

std::vector<Event> due_poll_closings(const SessionState& s, Millis now) {
  std::vector<Event> out;
  for (const auto& [id, slot] : s.activity.polls) {
    if (slot.closes_at && *slot.closes_at <= now && slot.poll.is_open()) {
      out.push_back(PollControlled{id, PollAction::close, *slot.closes_at});
    }
  }
  return out;
}

std::optional<Millis> next_poll_deadline(const SessionState& s) {
  std::optional<Millis> next;
  for (const auto& [id, slot] : s.activity.polls) {
    if (slot.closes_at && slot.poll.is_open() && (!next || *slot.closes_at < *next)) next = slot.closes_at;
  }
  return next;
}

void change_phase_activity(SessionState& s, std::optional<int> next, Millis at) {
  ActivityState& a = s.activity;
  // Moving on closes what was running: the poll on screen (the phase's, or a quick poll over it) and the
  // board's writing. Board votes and moderation carry on if the facilitator comes back.
  if (a.active_poll) {
    if (PollSlot* slot = a.find_poll(*a.active_poll)) close_poll(*slot);
  }
  a.active_poll.reset();
  if (ConfusionBoard* board = a.board(s.phase)) board->set_open(false);
  if (!next) return;

  const Phase& phase = s.scenario->phases[static_cast<std::size_t>(*next)];
  if (phase.activity_kind == "poll") {
    const std::string id = phase_poll_id(*next);
    if (!a.find_poll(id)) {
      // First time in this phase: the poll opens, with its timer. Coming back finds it as it was left.
      PollSlot slot{Poll(id, PollSettings::from_activity(phase.activity)), false, *next, std::nullopt};
      start_poll_timer(slot, at);
      a.polls.emplace(id, std::move(slot));
      a.poll_order.push_back(id);
    }
    a.active_poll = id;
  } else if (phase.activity_kind == "cards") {
    auto [it, created] = a.boards.try_emplace(*next, CardSettings::from_activity(phase.activity));
    if (!created) it->second.set_open(true);
  }
}

void end_activity(SessionState& s) {
  for (auto& [id, slot] : s.activity.polls) close_poll(slot);
  for (auto& [phase, board] : s.activity.boards) board.set_open(false);
}

void apply_activity(SessionState& s, const Event& event) {
  ActivityState& a = s.activity;
  auto with_poll = [&](const std::string& id, auto&& f) {
    if (PollSlot* slot = a.find_poll(id)) f(*slot);
  };
  auto with_board = [&](int phase, auto&& f) {
    if (ConfusionBoard* board = a.board(phase)) f(*board);
  };
  std::visit(
      overloaded{
          [&](const BallotCast& e) {
            with_poll(e.poll_id, [&](PollSlot& slot) { (void)slot.poll.cast(e.voter_key, e.ballot, e.voter_name); });
          },
          [&](const BallotWithdrawn& e) {
            with_poll(e.poll_id, [&](PollSlot& slot) { (void)slot.poll.withdraw(e.voter_key); });
          },
          [&](const BallotsRekeyed& e) { with_poll(e.poll_id, [&](PollSlot& slot) { slot.poll.replace_ballots(e.ballots); }); },
          [&](const PollControlled& e) {
            with_poll(e.poll_id, [&](PollSlot& slot) {
              Poll& poll = slot.poll;
              switch (e.action) {
                case PollAction::open:
                  poll.open();
                  start_poll_timer(slot, e.at);
                  break;
                case PollAction::close: close_poll(slot); break;
                case PollAction::reveal: poll.reveal(); break;
                case PollAction::hide: poll.hide(); break;
                case PollAction::live: poll.set_results_live(true); break;
                case PollAction::unlive: poll.set_results_live(false); break;
                case PollAction::anonymous: (void)poll.set_anonymous(true); break;
                case PollAction::named: (void)poll.set_anonymous(false); break;
                case PollAction::dismiss: {
                  close_poll(slot);
                  if (a.active_poll != e.poll_id) break;
                  a.active_poll.reset();
                  // Back to the phase's own poll, if it has one.
                  if (s.phase && a.find_poll(phase_poll_id(*s.phase))) a.active_poll = phase_poll_id(*s.phase);
                  break;
                }
              }
            });
          },
          [&](const QuickPollLaunched& e) {
            // A quick poll replaces whatever poll was on screen; that one stops taking ballots meanwhile.
            if (a.active_poll) {
              if (PollSlot* shown = a.find_poll(*a.active_poll); shown && shown->quick) close_poll(*shown);
            }
            PollSlot slot{Poll(e.poll_id, e.settings), true, std::nullopt, std::nullopt};
            start_poll_timer(slot, e.at);
            a.polls.insert_or_assign(e.poll_id, std::move(slot));
            a.poll_order.push_back(e.poll_id);
            a.active_poll = e.poll_id;
            ++a.quick_polls;
          },
          [&](const CardSubmitted& e) {
            with_board(e.phase, [&](ConfusionBoard& b) { (void)b.submit(e.card_id, e.text); });
          },
          [&](const CardsReleased& e) {
            with_board(e.phase, [&](ConfusionBoard& b) { (void)b.release_all(e.seed, /*force=*/true); });
          },
          [&](const CardModerated& e) {
            with_board(e.phase, [&](ConfusionBoard& b) { (void)moderate(b, e.card_id, e.action); });
          },
          [&](const CardsMerged& e) {
            with_board(e.phase, [&](ConfusionBoard& b) { (void)b.merge(e.card_id, e.into_id); });
          },
          [&](const CardVoteChanged& e) {
            with_board(e.phase, [&](ConfusionBoard& b) {
              (void)(e.vote ? b.vote(e.card_id, e.voter_key) : b.unvote(e.card_id, e.voter_key));
            });
          },
          [&](const CardGroupRenamed& e) {
            with_board(e.phase, [&](ConfusionBoard& b) { (void)b.rename_group(e.group_id, e.name); });
          },
          [](const auto&) {},
      },
      event);
}

}  // namespace huddle::core

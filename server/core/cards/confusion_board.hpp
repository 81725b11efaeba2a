#pragma once
// The anonymous confusion-card board of one cards phase: holding pen, shuffled batch release, approval
// queue, "me too" votes, moderation and theme groups. Pure: randomness (card ids, shuffle seeds) comes in as
// values, and nothing here knows, stores or prints who wrote a card or who voted.
//
// How anonymity is kept, so later changes keep it too:
// - No author anywhere: submit() takes an id and a text, nothing else. Per-person limits (maxPerPerson,
//   rate limits) are the caller's, in memory, by participant.
// - The holding pen is keyed by the (random) card id, so even the state does not remember arrival order; a
//   batch is put in id order and then shuffled with the caller's seed. Board order is the release order, and
//   no card carries a time or a submission sequence number.
// - Nothing in the pen is readable from outside, the facilitator's view included: only how many are waiting.
// - Votes are opaque voter keys the caller derives per board (a digest of the participant's secret and the
//   board), never a participant id, and views print only counts. Per board rather than per card so that a
//   merge can take the union of two cards' voters without counting anyone twice.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/cards/card.hpp"
#include "core/cards/card_group.hpp"
#include "core/cards/card_settings.hpp"
#include "core/cards/card_sort.hpp"
#include "core/rejection.hpp"

namespace huddle::core {

class ConfusionBoard {
 public:
  using Refusal = std::optional<Rejection>;  // empty: done
  using Released = std::vector<std::string>;  // the card ids a release put on the record, in board order

  explicit ConfusionBoard(CardSettings settings);

  const CardSettings& settings() const noexcept { return settings_; }

  // A closed board takes no new cards (the phase is over); votes and moderation go on, for the debrief.
  bool is_open() const noexcept { return open_; }
  void set_open(bool open) noexcept { open_ = open; }

  // Whether a card with this text would be accepted now (board open, text valid). The caller checks this
  // before counting the card against the writer's maxPerPerson and rate limit.
  Refusal can_accept(std::string_view text) const;

  // Puts a card into the holding pen. card_id: 1..max_card_id_bytes of [A-Za-z0-9_-], drawn by the caller
  // from a CSPRNG and not used before. The text is cleaned (clean_card_text) and stored cleaned.
  Refusal submit(std::string_view card_id, std::string_view text);

  // How many cards are in the holding pen. The only thing anyone learns about them before release.
  std::size_t waiting_count() const noexcept { return pen_.size(); }

  // Releases the whole pen as one shuffled batch if at least K cards are waiting; otherwise releases nothing
  // (an empty result is the normal "still holding" answer). The caller calls this after every submit, with a
  // fresh seed from its CSPRNG; the same pen and seed always give the same order.
  //
  // writers_waiting: how many different people wrote the cards now in the pen, if the caller tracks it (it
  // knows who submitted, in memory, for maxPerPerson). When given, the batch also needs K different writers:
  // the scenario README promises "cards from at least K different people", which a card count alone cannot
  // keep when one person writes several cards. The caller resets its count when a release empties the pen.
  Released release_ready(std::uint64_t shuffle_seed, std::optional<std::size_t> writers_waiting = std::nullopt);

  // The facilitator's "release now". Without force it keeps the K rule (refusing with phase_invalid and a
  // message saying how many are waiting) and so does exactly what release_ready would, but answers why.
  // With force it releases even fewer than K cards: that weakens the protection (three people and two cards
  // can be guessed), so a caller should expose it only with a warning, if at all. An empty pen is refused.
  std::variant<Released, Rejection> release_all(std::uint64_t shuffle_seed, bool force = false,
                                                std::optional<std::size_t> writers_waiting = std::nullopt);

  // Moderation "approve": from the approval queue onto the board (also un-hides a card hidden from the queue).
  Refusal approve(std::string_view card_id);
  // Off everyone's board but the facilitator's, from the board or the queue; unhide() puts it back where it was.
  Refusal hide(std::string_view card_id);
  Refusal unhide(std::string_view card_id);
  // Flags on a card on the board. Setting a flag that is already set is fine (a double click does no harm).
  Refusal mark_addressed(std::string_view card_id);
  Refusal unmark_addressed(std::string_view card_id);
  Refusal pin(std::string_view card_id);
  Refusal unpin(std::string_view card_id);
  // Folds a duplicate into a card on the board: voters become the union (nobody counts twice), the duplicate
  // leaves the board and every list but the facilitator's "merged" list under the target, and a pin carries
  // over. The duplicate may be on the board, in the queue or hidden; anything merged into it moves along.
  Refusal merge(std::string_view duplicate_id, std::string_view into_id);

  // "Me too", once per voter key per card, on cards on the board only; refused when votes are off.
  Refusal vote(std::string_view card_id, std::string_view voter_key);
  // Withdraws a "me too". Works wherever the vote now is: on a hidden card, or, for a merged duplicate, on
  // the card it was merged into.
  Refusal unvote(std::string_view card_id, std::string_view voter_key);
  bool has_voted(std::string_view card_id, std::string_view voter_key) const;

  // The facilitator's name for a theme group that exists now (clean_group_name). It stays while a group with
  // that id exists; a group that dissolves forgets it.
  Refusal rename_group(std::string_view group_id, std::string_view name);
  // Recomputes theme groups over the cards on the board. Every change of what is on the board does this
  // already; it is public for callers that want to be explicit.
  void regroup();

  // Released cards in release order, including queued, hidden and merged ones. There is no accessor for the
  // holding pen.
  const std::vector<Card>& cards() const noexcept { return cards_; }
  const Card* find(std::string_view card_id) const;
  const std::vector<CardGroup>& groups() const noexcept { return groups_; }
  const CardGroup* find_group(std::string_view group_id) const;

  // Cards on the board, pinned first, then in the given order.
  std::vector<const Card*> board_cards(CardSort sort) const;
  // Moderation "approve": cards waiting for the facilitator, in release order.
  std::vector<const Card*> approval_queue() const;
  // Hidden cards (not merged ones), in release order.
  std::vector<const Card*> hidden_cards() const;
  // Cards merged into this one, in release order.
  std::vector<const Card*> merged_into(std::string_view card_id) const;

 private:
  Card* find_mut(std::string_view card_id);
  // The moderation steps that act on any card not merged away (approve, hide, unhide): find it, change it,
  // regroup, since what is on the board decides the themes.
  Refusal moderate(std::string_view card_id, void (*change)(Card&));
  Card* find_on_board(std::string_view card_id);
  Released release_pen(std::uint64_t shuffle_seed);
  bool threshold_met(std::optional<std::size_t> writers_waiting) const noexcept;

  CardSettings settings_;
  bool open_ = true;
  std::map<std::string, std::string, std::less<>> pen_;  // card id -> cleaned text; id order, not arrival order
  std::vector<Card> cards_;                              // released, in release order
  std::map<std::string, std::size_t, std::less<>> index_;  // card id -> position in cards_
  std::size_t batches_ = 0;
  std::vector<CardGroup> groups_;
  std::map<std::string, std::string, std::less<>> group_names_;  // group id -> facilitator's name
};

}  // namespace huddle::core

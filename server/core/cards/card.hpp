#pragma once
// One released confusion card. It has no author field on purpose: nothing here can say who wrote it.
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>

namespace huddle::core {

struct Card {
  std::string id;    // random, drawn by the caller from a CSPRNG, so it carries no order or time
  std::string text;  // cleaned plain text (clean_card_text)
  // "Me too" voter keys: opaque digests the caller derives from the voter's secret and the board (not per
  // card, or merging two cards would count one person twice), never a participant id. A set, so one voter
  // counts once. They never leave core: no view prints them.
  std::set<std::string, std::less<>> voters;

  // Every Card is released: unreleased texts live in the board's holding pen, which is not made of Cards, so
  // no code path can show one by mistake.
  bool awaiting_approval = false;  // moderation "approve": in the facilitator's queue
  bool hidden = false;             // taken off everyone's board but the facilitator's
  bool addressed = false;
  bool pinned = false;
  std::optional<std::string> merged_into;  // a duplicate folded into that card (always a card that is not merged)
  std::optional<std::string> group_id;     // theme group, while the card is on the board and shares a keyword

  // Board order, assigned at release: the batch number (1 = first batch) and the card's place in the
  // release order, shuffled within its batch. Neither depends on when or in which order cards were written.
  std::size_t batch = 0;
  std::size_t release_rank = 0;

  bool on_board() const noexcept { return !awaiting_approval && !hidden && !merged_into.has_value(); }
  std::size_t vote_count() const noexcept { return voters.size(); }
};

}  // namespace huddle::core

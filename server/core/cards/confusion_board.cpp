#include "core/cards/confusion_board.hpp"

#include <algorithm>
#include <utility>

#include "core/cards/card_text.hpp"
#include "core/cards/split_mix64.hpp"
#include "core/cards/theme_groups.hpp"

namespace huddle::core {
namespace {

using protocol::ErrorCode;

// One answer for "unknown", "still in the pen" and "not released": an author who knows their card's id
// learns nothing from the errors that others could not.
constexpr const char* no_such_card = "No released card has that id.";
constexpr const char* not_on_board = "That card is not on the board.";
constexpr const char* already_merged = "That card was merged into another one.";

ConfusionBoard::Refusal refuse(ErrorCode code, std::string message) { return Rejection{code, std::move(message)}; }

bool valid_card_id(std::string_view id) {
  if (id.empty() || id.size() > max_card_id_bytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool valid_voter_key(std::string_view key) { return !key.empty() && key.size() <= max_voter_key_bytes; }

}  // namespace

ConfusionBoard::ConfusionBoard(CardSettings settings) : settings_(std::move(settings)) {
  // A board built by hand (not through from_activity) still gets workable bounds.
  settings_.release_threshold = std::max(settings_.release_threshold, min_release_threshold);
  settings_.max_length = std::max<std::size_t>(settings_.max_length, 1);
}

ConfusionBoard::Refusal ConfusionBoard::can_accept(std::string_view text) const {
  if (!open_) return refuse(ErrorCode::phase_invalid, "This board is closed: it takes no new cards.");
  auto cleaned = clean_card_text(text, settings_.max_length);
  if (auto* r = std::get_if<Rejection>(&cleaned)) return std::move(*r);
  return std::nullopt;
}

ConfusionBoard::Refusal ConfusionBoard::submit(std::string_view card_id, std::string_view text) {
  if (!open_) return refuse(ErrorCode::phase_invalid, "This board is closed: it takes no new cards.");
  if (!valid_card_id(card_id)) {
    return refuse(ErrorCode::invalid_field, "A card id is 1 to " + std::to_string(max_card_id_bytes) +
                                                " letters, digits, '-' or '_'.");
  }
  if (pen_.contains(card_id) || index_.contains(card_id)) {
    return refuse(ErrorCode::invalid_field, "A card with that id exists already.");
  }
  auto cleaned = clean_card_text(text, settings_.max_length);
  if (auto* r = std::get_if<Rejection>(&cleaned)) return std::move(*r);
  pen_.emplace(std::string(card_id), std::move(std::get<std::string>(cleaned)));
  return std::nullopt;
}

bool ConfusionBoard::threshold_met(std::optional<std::size_t> writers_waiting) const noexcept {
  const std::size_t k = settings_.release_threshold;
  return pen_.size() >= k && (!writers_waiting || *writers_waiting >= k);
}

ConfusionBoard::Released ConfusionBoard::release_ready(std::uint64_t shuffle_seed,
                                                       std::optional<std::size_t> writers_waiting) {
  if (pen_.empty() || !threshold_met(writers_waiting)) return {};
  return release_pen(shuffle_seed);
}

std::variant<ConfusionBoard::Released, Rejection> ConfusionBoard::release_all(
    std::uint64_t shuffle_seed, bool force, std::optional<std::size_t> writers_waiting) {
  if (pen_.empty()) return Rejection{ErrorCode::phase_invalid, "No cards are waiting to be released."};
  if (!force && !threshold_met(writers_waiting)) {
    const std::size_t k = settings_.release_threshold;
    const bool few_cards = pen_.size() < k;
    return Rejection{ErrorCode::phase_invalid,
                     (few_cards ? std::to_string(pen_.size()) + " of " + std::to_string(k) + " cards are waiting"
                                : "The waiting cards come from fewer than " + std::to_string(k) + " people") +
                         ": they are released together once " + std::to_string(k) +
                         " people have written, so that no card can be traced to its writer."};
  }
  return release_pen(shuffle_seed);
}

ConfusionBoard::Released ConfusionBoard::release_pen(std::uint64_t shuffle_seed) {
  // The pen iterates in card-id order, and ids are random: the shuffle starts from an order that knows
  // nothing about who wrote first, so the result depends only on the set of cards and the seed.
  Released order;
  order.reserve(pen_.size());
  for (const auto& entry : pen_) order.push_back(entry.first);
  SplitMix64 rng(shuffle_seed);
  shuffle_with(order, rng);

  ++batches_;
  for (const auto& id : order) {
    auto node = pen_.extract(id);
    Card card;
    card.id = id;
    card.text = std::move(node.mapped());
    card.awaiting_approval = settings_.moderation == CardModeration::approve;
    card.batch = batches_;
    card.release_rank = cards_.size();
    index_.emplace(id, cards_.size());
    cards_.push_back(std::move(card));
  }
  regroup();
  return order;
}

ConfusionBoard::Refusal ConfusionBoard::moderate(std::string_view card_id, void (*change)(Card&)) {
  Card* card = find_mut(card_id);
  if (!card) return refuse(ErrorCode::invalid_field, no_such_card);
  if (card->merged_into) return refuse(ErrorCode::invalid_field, already_merged);
  change(*card);
  regroup();
  return std::nullopt;
}

ConfusionBoard::Refusal ConfusionBoard::approve(std::string_view card_id) {
  return moderate(card_id, [](Card& c) {
    c.awaiting_approval = false;
    c.hidden = false;
  });
}

ConfusionBoard::Refusal ConfusionBoard::hide(std::string_view card_id) {
  return moderate(card_id, [](Card& c) { c.hidden = true; });
}

ConfusionBoard::Refusal ConfusionBoard::unhide(std::string_view card_id) {
  return moderate(card_id, [](Card& c) { c.hidden = false; });
}

ConfusionBoard::Refusal ConfusionBoard::mark_addressed(std::string_view card_id) {
  Card* card = find_on_board(card_id);
  if (!card) return refuse(ErrorCode::invalid_field, not_on_board);
  card->addressed = true;
  return std::nullopt;
}

ConfusionBoard::Refusal ConfusionBoard::unmark_addressed(std::string_view card_id) {
  Card* card = find_on_board(card_id);
  if (!card) return refuse(ErrorCode::invalid_field, not_on_board);
  card->addressed = false;
  return std::nullopt;
}

ConfusionBoard::Refusal ConfusionBoard::pin(std::string_view card_id) {
  Card* card = find_on_board(card_id);
  if (!card) return refuse(ErrorCode::invalid_field, not_on_board);
  card->pinned = true;
  return std::nullopt;
}

ConfusionBoard::Refusal ConfusionBoard::unpin(std::string_view card_id) {
  Card* card = find_on_board(card_id);
  if (!card) return refuse(ErrorCode::invalid_field, not_on_board);
  card->pinned = false;
  return std::nullopt;
}

ConfusionBoard::Refusal ConfusionBoard::merge(std::string_view duplicate_id, std::string_view into_id) {
  if (duplicate_id == into_id) return refuse(ErrorCode::invalid_field, "A card cannot be merged into itself.");
  Card* duplicate = find_mut(duplicate_id);
  if (!duplicate) return refuse(ErrorCode::invalid_field, no_such_card);
  if (duplicate->merged_into) return refuse(ErrorCode::invalid_field, already_merged);
  Card* into = find_on_board(into_id);
  if (!into) return refuse(ErrorCode::invalid_field, "Cards can only be merged into a card on the board.");

  into->voters.merge(duplicate->voters);  // a set: a voter on both cards counts once
  duplicate->voters.clear();              // what merge() left behind are keys `into` already had
  into->pinned = into->pinned || duplicate->pinned;
  duplicate->pinned = false;
  duplicate->merged_into = into->id;
  // Keep merges one level deep, so "merged into" always names a card that is not merged itself.
  for (Card& c : cards_) {
    if (c.merged_into == duplicate->id) c.merged_into = into->id;
  }
  regroup();
  return std::nullopt;
}

ConfusionBoard::Refusal ConfusionBoard::vote(std::string_view card_id, std::string_view voter_key) {
  if (!settings_.votes) return refuse(ErrorCode::forbidden, "\"Me too\" is switched off on this board.");
  if (!valid_voter_key(voter_key)) return refuse(ErrorCode::invalid_field, "The voter key is missing or too long.");
  Card* card = find_on_board(card_id);
  if (!card) return refuse(ErrorCode::invalid_field, not_on_board);
  if (!card->voters.emplace(voter_key).second) {
    return refuse(ErrorCode::invalid_field, "You have already said \"me too\" to this card.");
  }
  return std::nullopt;
}

ConfusionBoard::Refusal ConfusionBoard::unvote(std::string_view card_id, std::string_view voter_key) {
  if (!settings_.votes) return refuse(ErrorCode::forbidden, "\"Me too\" is switched off on this board.");
  if (!valid_voter_key(voter_key)) return refuse(ErrorCode::invalid_field, "The voter key is missing or too long.");
  Card* card = find_mut(card_id);
  if (!card) return refuse(ErrorCode::invalid_field, no_such_card);
  if (card->merged_into) card = find_mut(*card->merged_into);
  auto it = card->voters.find(voter_key);
  if (it == card->voters.end()) return refuse(ErrorCode::invalid_field, "You have not said \"me too\" to this card.");
  card->voters.erase(it);
  return std::nullopt;
}

bool ConfusionBoard::has_voted(std::string_view card_id, std::string_view voter_key) const {
  const Card* card = find(card_id);
  return card && card->voters.find(voter_key) != card->voters.end();
}

ConfusionBoard::Refusal ConfusionBoard::rename_group(std::string_view group_id, std::string_view name) {
  auto it = std::find_if(groups_.begin(), groups_.end(), [&](const CardGroup& g) { return g.id == group_id; });
  if (it == groups_.end()) return refuse(ErrorCode::invalid_field, "There is no group with that id on the board.");
  auto cleaned = clean_group_name(name);
  if (auto* r = std::get_if<Rejection>(&cleaned)) return std::move(*r);
  it->name = std::get<std::string>(cleaned);
  it->renamed = true;
  group_names_.insert_or_assign(it->id, it->name);
  return std::nullopt;
}

void ConfusionBoard::regroup() {
  std::vector<std::pair<std::string, std::string>> on_board;
  for (Card& card : cards_) {
    card.group_id.reset();
    if (card.on_board()) on_board.emplace_back(card.id, card.text);
  }
  groups_ = group_by_theme(on_board, settings_.prompt);

  std::map<std::string, std::string, std::less<>> kept_names;
  for (CardGroup& group : groups_) {
    if (auto name = group_names_.find(group.id); name != group_names_.end()) {
      group.name = name->second;
      group.renamed = true;
      kept_names.insert(*name);
    }
    for (const auto& id : group.card_ids) find_mut(id)->group_id = group.id;
  }
  group_names_ = std::move(kept_names);
}

const Card* ConfusionBoard::find(std::string_view card_id) const {
  auto it = index_.find(card_id);
  return it == index_.end() ? nullptr : &cards_[it->second];
}

Card* ConfusionBoard::find_mut(std::string_view card_id) {
  auto it = index_.find(card_id);
  return it == index_.end() ? nullptr : &cards_[it->second];
}

Card* ConfusionBoard::find_on_board(std::string_view card_id) {
  Card* card = find_mut(card_id);
  return card && card->on_board() ? card : nullptr;
}

const CardGroup* ConfusionBoard::find_group(std::string_view group_id) const {
  auto it = std::find_if(groups_.begin(), groups_.end(), [&](const CardGroup& g) { return g.id == group_id; });
  return it == groups_.end() ? nullptr : &*it;
}

std::vector<const Card*> ConfusionBoard::board_cards(CardSort sort) const {
  std::vector<const Card*> out;
  for (const Card& card : cards_) {
    if (card.on_board()) out.push_back(&card);
  }
  // release_rank is unique, so every comparison ends in a strict order and the result is the same every time.
  std::sort(out.begin(), out.end(), [sort](const Card* a, const Card* b) {
    if (sort == CardSort::released) return a->release_rank < b->release_rank;
    if (a->pinned != b->pinned) return a->pinned;
    if (sort == CardSort::votes && a->vote_count() != b->vote_count()) return a->vote_count() > b->vote_count();
    if (sort == CardSort::newest && a->batch != b->batch) return a->batch > b->batch;
    return a->release_rank < b->release_rank;
  });
  return out;
}

std::vector<const Card*> ConfusionBoard::approval_queue() const {
  std::vector<const Card*> out;
  for (const Card& card : cards_) {
    if (card.awaiting_approval && !card.hidden && !card.merged_into) out.push_back(&card);
  }
  return out;
}

std::vector<const Card*> ConfusionBoard::hidden_cards() const {
  std::vector<const Card*> out;
  for (const Card& card : cards_) {
    if (card.hidden && !card.merged_into) out.push_back(&card);
  }
  return out;
}

std::vector<const Card*> ConfusionBoard::merged_into(std::string_view card_id) const {
  std::vector<const Card*> out;
  for (const Card& card : cards_) {
    if (card.merged_into && *card.merged_into == card_id) out.push_back(&card);
  }
  return out;
}

}  // namespace huddle::core

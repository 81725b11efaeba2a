#include "core/cards/board_views.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

json group_of(const ConfusionBoard& board, const Card& card) {
  if (!card.group_id) return nullptr;
  const CardGroup* group = board.find_group(*card.group_id);
  if (!group) return nullptr;
  return {{"id", group->id}, {"name", group->name}};
}

json public_card(const ConfusionBoard& board, const Card& card) {
  return {{"id", card.id},
          {"text", card.text},
          {"votes", card.vote_count()},
          {"addressed", card.addressed},
          {"pinned", card.pinned},
          {"group", group_of(board, card)},
          {"batch", card.batch}};
}

json merged_texts(const ConfusionBoard& board, const Card& card) {
  json merged = json::array();
  for (const Card* m : board.merged_into(card.id)) merged.push_back({{"id", m->id}, {"text", m->text}});
  return merged;
}

json header(const ConfusionBoard& board, CardSort sort) {
  const CardSettings& s = board.settings();
  return {{"prompt", s.prompt},
          {"open", board.is_open()},
          {"votesEnabled", s.votes},
          {"moderated", s.moderation == CardModeration::approve},
          {"releaseThreshold", s.release_threshold},
          {"maxLength", s.max_length},
          {"maxPerPerson", s.max_per_person},
          {"waiting", board.waiting_count()},
          {"sort", to_string(sort)}};
}

}  // namespace

json board_public_view(const ConfusionBoard& board, CardSort sort) {
  json view = header(board, sort);
  json cards = json::array();
  for (const Card* card : board.board_cards(sort)) cards.push_back(public_card(board, *card));
  view["cards"] = std::move(cards);
  return view;
}

json board_facilitator_view(const ConfusionBoard& board, CardSort sort) {
  json view = header(board, sort);
  json cards = json::array();
  for (const Card* card : board.board_cards(sort)) {
    json entry = public_card(board, *card);
    entry["merged"] = merged_texts(board, *card);
    cards.push_back(std::move(entry));
  }
  view["cards"] = std::move(cards);

  json queue = json::array();
  for (const Card* card : board.approval_queue()) {
    queue.push_back({{"id", card->id}, {"text", card->text}, {"merged", merged_texts(board, *card)}});
  }
  view["approvalQueue"] = std::move(queue);

  json hidden = json::array();
  for (const Card* card : board.hidden_cards()) {
    hidden.push_back({{"id", card->id},
                      {"text", card->text},
                      {"votes", card->vote_count()},
                      {"awaitingApproval", card->awaiting_approval},
                      {"merged", merged_texts(board, *card)}});
  }
  view["hidden"] = std::move(hidden);

  json groups = json::array();
  for (const CardGroup& group : board.groups()) {
    groups.push_back({{"id", group.id},
                      {"name", group.name},
                      {"keyword", group.keyword},
                      {"renamed", group.renamed},
                      {"cardIds", group.card_ids}});
  }
  view["groups"] = std::move(groups);
  return view;
}

json board_voter_view(const ConfusionBoard& board, std::string_view voter_key) {
  json me_too = json::array();
  for (const Card& card : board.cards()) {
    if (card.on_board() && card.voters.find(voter_key) != card.voters.end()) me_too.push_back(card.id);
  }
  return {{"meToo", std::move(me_too)}};
}

}  // namespace huddle::core

// SessionHost: the poll and confusion-card requests. Each runs on the session's strand like every other
// request (see session_host.cpp) and ends in exactly one reply.
//
// Anonymity, on the hub's side: the rules never see who writes a card or casts an anonymous ballot. What
// the hub knows in memory to enforce limits (CardWriters) and to refill a voter's own form (the resume token
// on the connection) is never journaled, logged or sent to anyone else. Acks of anonymous actions carry no
// card id, so even the writer's own frames do not single out their card.
#include <algorithm>
#include <map>

#include "core/activity_rules.hpp"
#include "core/fishbowl_rules.hpp"
#include "core/polls/poll_limits.hpp"
#include "core/polls/poll_views.hpp"
#include "hub/replies.hpp"
#include "hub/secrets.hpp"
#include "hub/session_host.hpp"

namespace huddle::hub {

using protocol::ErrorCode;

namespace {

template <std::size_t N>
std::string one_of(const std::array<std::string_view, N>& names) {
  std::string list;
  for (auto name : names) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

}  // namespace

std::string SessionHost::poll_key(const std::string& resume_token, const std::string& poll_id) const {
  return "a-" + sha256_hex("huddle-poll\n" + code_ + "\n" + poll_id + "\n" + resume_token);
}

std::string SessionHost::voter_key(const std::string& participant_id, const std::string& resume_token,
                                   const std::string& poll_id) const {
  // Someone away when their named ballot was re-keyed votes on under the random key it got (poll.hpp).
  if (auto poll = away_keys_.find(poll_id); poll != away_keys_.end()) {
    if (auto key = poll->second.find(participant_id); key != poll->second.end()) return key->second;
  }
  return poll_key(resume_token, poll_id);
}

std::string SessionHost::board_key(const std::string& resume_token, std::optional<int> phase) const {
  // One key per board, not per card: merging two cards must not count one person twice.
  return "a-" + sha256_hex("huddle-board\n" + code_ + "\n" + std::to_string(phase.value_or(-1)) + "\n" + resume_token);
}

std::string SessionHost::digest(std::string_view content) const { return sha256_hex(salt_ + std::string(content)); }

CardWriters::Present SessionHost::present() const {
  return [this](const std::string& participant_id) { return participants_.contains(participant_id); };
}

RecentReplies& SessionHost::recent(const core::Actor& actor) {
  return recent_[actor.kind == core::Actor::Kind::participant ? actor.participant_id : std::string()];
}

core::VoterContext SessionHost::voter_context(const std::string& participant_id) const {
  core::VoterContext voter;
  auto it = participants_.find(participant_id);
  const std::string token = it == participants_.end() || it->second.empty() ? std::string()
                                                                            : it->second.front()->binding().resume_token;
  if (state_.activity.active_poll) voter.poll_key = voter_key(participant_id, token, *state_.activity.active_poll);
  if (const core::ConfusionBoard* board = state_.activity.board(state_.phase)) {
    voter.board_key = board_key(token, state_.phase);
    const std::size_t written = writers_.written(participant_id, *state_.phase);
    const std::size_t most = board->settings().max_per_person;
    voter.cards_left = most > written ? most - written : 0;
  }
  if (core::current_fishbowl(state_)) {
    const std::size_t written = observers_.written(participant_id, *state_.phase);
    voter.observations_left = core::max_observations_per_person > written ? core::max_observations_per_person - written : 0;
  }
  return voter;
}

const RenderedTopic& SessionHost::me_frame(const std::string& participant_id) {
  return render(Topic::me, core::me_view(state_, participant_id, voter_context(participant_id)), me_[participant_id]);
}

void SessionHost::poll_vote(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollVote& r) {
  const core::Actor actor = client->binding().actor;
  const std::string key = voter_key(actor.participant_id, client->binding().resume_token, r.poll_id);
  if (!run(client, id, actor, core::CastBallot{r.poll_id, key, r.vote})) return;
  mark({.me = actor.participant_id});
  ack(client, id, {{"pollId", r.poll_id}});
}

void SessionHost::poll_withdraw(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollWithdraw& r) {
  const core::Actor actor = client->binding().actor;
  const std::string key = voter_key(actor.participant_id, client->binding().resume_token, r.poll_id);
  if (!run(client, id, actor, core::WithdrawBallot{r.poll_id, key})) return;
  mark({.me = actor.participant_id});
  ack(client, id, {{"pollId", r.poll_id}});
}

void SessionHost::poll_control(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollControl& r) {
  auto action = core::parse_poll_action(r.action);
  if (!action) {
    refuse(client, id, ErrorCode::invalid_field,
                "field 'action' must be one of " + one_of(core::poll_action_names));
    return;
  }
  core::ControlPoll command{r.poll_id, *action, {}};
  std::map<std::string, std::string> away;  // participant id -> random key, for voters not connected now
  const core::PollSlot* before = state_.activity.find_poll(r.poll_id);
  if (*action == core::PollAction::anonymous && before && !before->poll.settings().anonymous) {
    // Named ballots are keyed by participant id (poll.hpp, "Named to anonymous"): a connected voter gets the
    // key their token gives, anyone else a random one that looks the same.
    for (const auto& [participant_id, ballot] : before->poll.ballots()) {
      auto connected = participants_.find(participant_id);
      std::string key;
      if (connected != participants_.end() && !connected->second.empty()) {
        key = poll_key(connected->second.front()->binding().resume_token, r.poll_id);
      } else {
        key = "a-" + sha256_hex(random_token(32));
        away[participant_id] = key;
      }
      command.anonymous_keys[participant_id] = std::move(key);
    }
  }
  if (!run(client, id, client->binding().actor, std::move(command))) return;
  if (!away.empty()) away_keys_[r.poll_id].merge(away);
  const core::PollSlot* slot = state_.activity.find_poll(r.poll_id);
  ack(client, id, {{"pollId", r.poll_id}, {"status", slot && slot->poll.is_open() ? "open" : "closed"}});
}

void SessionHost::poll_quick(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollQuick& r) {
  const core::Actor actor = client->binding().actor;
  const std::string content = digest("poll.quick\n" + r.poll.dump());
  if (auto again = recent(actor).find(id, content)) {
    ack(client, id, *again);
    return;
  }
  if (!run(client, id, actor, core::LaunchQuickPoll{r.poll})) return;
  nlohmann::json result = {{"pollId", state_.activity.active_poll.value_or("")}};
  recent(actor).remember(id, content, result);
  ack(client, id, result);
}

void SessionHost::poll_results(const ClientPtr& client, const protocol::RequestId& id, const protocol::PollResults& r) {
  // A read: nothing is stored, so neither the quota nor the pace applies.
  if (client->binding().actor.kind != core::Actor::Kind::facilitator) {
    refuse(client, id, ErrorCode::forbidden, "Only the facilitator can page through a poll's answers.");
    return;
  }
  if (r.offset < 0) {
    refuse(client, id, ErrorCode::invalid_field, "field 'offset' must be 0 or more");
    return;
  }
  if (r.limit < 0 || r.limit > static_cast<std::int64_t>(core::console_answers_page)) {
    refuse(client, id, ErrorCode::invalid_field,
           "field 'limit' must be from 1 to " + std::to_string(core::console_answers_page));
    return;
  }
  const core::PollSlot* slot = state_.activity.find_poll(r.poll_id);
  if (!slot) {
    refuse(client, id, ErrorCode::poll_not_found, "This session has no poll with that id.");
    return;
  }
  const std::size_t limit = r.limit == 0 ? core::console_answers_page : static_cast<std::size_t>(r.limit);
  // Sent once what it shows is stored, like every other reply.
  ack(client, id, core::poll_results_page(slot->poll, static_cast<std::size_t>(r.offset), limit));
}

void SessionHost::card_submit(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardSubmit& r) {
  const core::Actor actor = client->binding().actor;
  const std::string content = digest("card.submit\n" + r.text);
  if (answered_before_writing(client, id, content, writers_, state_.activity.board(state_.phase) != nullptr, "card")) return;
  const core::Millis now = clock_();
  const int phase = state_.phase.value_or(-1);
  const std::string& who = actor.participant_id;
  core::SubmitCard command{random_id("c-"), r.text, writers_.written(who, phase), writers_.writers_waiting_with(who, phase, present()),
                           random_u64()};
  if (!run(client, id, actor, std::move(command))) return;
  writers_.wrote(who, phase, now);
  // A release in this very request already cleared the pen; the commit hook saw it before wrote() ran.
  if (state_.activity.board(phase)->waiting_count() == 0) writers_.released(phase);
  const core::ConfusionBoard* board = state_.activity.board(phase);
  const std::size_t written = writers_.written(who, phase);
  const std::size_t most = board->settings().max_per_person;
  nlohmann::json result = {{"cardsLeft", most > written ? most - written : 0}};
  recent(actor).remember(id, content, result);
  mark({.me = who});
  ack(client, id, result);
}

void SessionHost::card_vote(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardVote& r) {
  const core::Actor actor = client->binding().actor;
  const std::string key = board_key(client->binding().resume_token, state_.phase);
  if (!run(client, id, actor, core::VoteCard{r.card_id, key, r.vote})) return;
  mark({.me = actor.participant_id});
  ack(client, id, {{"cardId", r.card_id}, {"vote", r.vote}});
}

void SessionHost::card_moderate(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardModerate& r) {
  auto action = core::parse_card_action(r.action);
  if (!action) {
    refuse(client, id, ErrorCode::invalid_field,
                "field 'action' must be one of " + one_of(core::card_action_names));
    return;
  }
  if (run(client, id, client->binding().actor, core::ModerateCard{r.card_id, *action})) {
    ack(client, id, {{"cardId", r.card_id}});
  }
}

void SessionHost::card_merge(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardMerge& r) {
  if (run(client, id, client->binding().actor, core::MergeCards{r.card_id, r.into_id})) {
    ack(client, id, {{"cardId", r.into_id}});
  }
}

void SessionHost::card_release(const ClientPtr& client, const protocol::RequestId& id, const protocol::CardRelease& r) {
  const core::ConfusionBoard* board = state_.activity.board(state_.phase);
  const std::size_t waiting = board ? board->waiting_count() : 0;
  const int phase = state_.phase.value_or(-1);
  if (run(client, id, client->binding().actor, core::ReleaseCards{r.force, writers_.writers_waiting(phase, present()), random_u64()})) {
    ack(client, id, {{"released", waiting}});
  }
}

void SessionHost::card_group_rename(const ClientPtr& client, const protocol::RequestId& id,
                                    const protocol::CardGroupRename& r) {
  if (run(client, id, client->binding().actor, core::RenameCardGroup{r.group_id, r.name})) {
    ack(client, id, {{"groupId", r.group_id}});
  }
}

}  // namespace huddle::hub

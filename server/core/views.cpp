#include "core/views.hpp"

#include "core/json_text.hpp"

#include "core/activity_rules.hpp"
#include "core/breakouts/breakout_views.hpp"
#include "core/cards/board_views.hpp"
#include "core/fishbowl/fishbowl_views.hpp"
#include "core/polls/poll_views.hpp"

namespace huddle::core {

using nlohmann::json;

json session_view(const SessionState& s) {
  json agenda = json::array();
  for (const auto& phase : s.scenario->phases) agenda.push_back({{"title", phase.title}, {"activity", phase.activity_kind}});
  json phase = nullptr;
  if (s.phase) {
    const auto& p = s.scenario->phases[static_cast<std::size_t>(*s.phase)];
    json timer = nullptr;
    if (s.timer) {
      const PhaseTimer& t = *s.timer;
      timer = {{"durationSeconds", t.duration_ms / 1000},
               {"deadline", t.deadline ? json(*t.deadline) : json(nullptr)},
               {"remainingMs", t.remaining_ms ? json(*t.remaining_ms) : json(nullptr)},
               {"paused", t.remaining_ms.has_value()},
               {"endingSoon", t.warned && !t.time_up},
               {"timeUp", t.time_up}};
    }
    phase = {{"index", *s.phase},   {"title", p.title},     {"activity", p.activity_kind},
             {"startedAt", s.phase_started_at}, {"timer", timer}, {"autoAdvance", p.auto_advance}};
    // An info phase's text is what everyone reads (scenario.schema: 1–4,000 characters), so it rides with the phase.
    if (p.activity_kind == "info" && p.activity.is_object() && p.activity.contains("text") && p.activity["text"].is_string()) {
      phase["text"] = p.activity["text"];
    }
    // A pod has no facilitator: its run sheet (the phase's notes) is every member's. In a facilitated session the
    // notes stay in the facilitator's own topic.
    if (s.scenario->mode == "pod") phase["notes"] = p.notes;
  }
  return {
      {"code", s.code},
      {"title", s.scenario->title},
      {"scenarioId", s.scenario->id},
      {"mode", s.scenario->mode},
      {"language", s.scenario->language},
      {"status", to_string(s.status)},
      {"phase", phase},
      {"agenda", agenda},
      {"participantCount", s.active_count},
      {"onlineCount", s.online_count},
      {"locked", s.locked},
      {"announcement", s.announcement.empty() ? json(nullptr) : json{{"text", s.announcement}, {"at", s.announced_at}}},
  };
}

json roster_view(const SessionState& s) { return roster_preview_view(s, s.participants.size()); }

json roster_preview_view(const SessionState& s, std::size_t limit) { return json::parse(roster_text(s, limit)); }

std::string roster_text(const SessionState& s, std::size_t limit) {
  // Written as text: at 10,000 people a tree of the roster was some 4 MB of small allocations, built and freed
  // at every roster push of a join storm, which left the heap fragmented (issue 19: memory per participant).
  JsonText j;
  j.begin_object().key("count").number(static_cast<std::int64_t>(s.active_count));
  j.key("online").number(static_cast<std::int64_t>(s.online_count)).key("participants").begin_array();
  std::size_t listed = 0;
  for (const auto& p : s.participants) {
    if (listed >= limit) break;
    if (!p.active) continue;
    ++listed;
    j.begin_object().key("id").string(p.id).key("joinedAt").number(p.joined_at).key("name").string(p.name);
    j.key("presence").string(p.connections > 0 ? "online" : "away").end_object();
  }
  return j.end_array().end_object().take();
}

namespace {

const PollSlot* active_poll(const SessionState& s) {
  return s.activity.active_poll ? s.activity.find_poll(*s.activity.active_poll) : nullptr;
}

// The facilitator's board lists by votes: the room's top questions first. Everyone else's lists in release order,
// which "me too"s do not change (CardSort::released); their screens sort it.
constexpr CardSort board_sort = CardSort::votes;

}  // namespace

json me_view(const SessionState& s, const std::string& participant_id, const VoterContext& voter) {
  // Deliberately no name and no participant id: this frame carries the participant's own anonymous ballot,
  // and no frame anywhere holds both a person's identity and their anonymous content. The client knows who
  // it is from the join or resume reply.
  json ballot = nullptr;
  if (const PollSlot* slot = active_poll(s)) {
    const std::string& key = voter_key_for(slot->poll, participant_id, voter.poll_key);
    ballot = {{"pollId", slot->poll.id()}, {"ballot", poll_own_ballot_view(slot->poll, key)["ballot"]}};
  }
  json me_too = json::array();
  if (const ConfusionBoard* board = s.activity.board(s.phase)) me_too = board_voter_view(*board, voter.board_key)["meToo"];
  return {{"ballot", std::move(ballot)},
          {"meToo", std::move(me_too)},
          {"cardsLeft", voter.cards_left ? json(*voter.cards_left) : json(nullptr)},
          {"observationsLeft", voter.observations_left ? json(*voter.observations_left) : json(nullptr)}};
}

json activity_view(const SessionState& s) {
  const PollSlot* slot = active_poll(s);
  const ConfusionBoard* board = s.activity.board(s.phase);
  return {{"phase", s.phase ? json(*s.phase) : json(nullptr)},
          {"poll", slot ? poll_public_view(slot->poll) : json(nullptr)},
          {"board", board ? board_public_view(*board, CardSort::released) : json(nullptr)},
          {"fishbowl", fishbowl_public_view(s)}};
}

json console_view(const SessionState& s) { return console_view(s, true); }

json console_view(const SessionState& s, bool room_entries) {
  const PollSlot* shown = active_poll(s);
  const ConfusionBoard* board = s.activity.board(s.phase);
  json polls = json::array();
  for (const auto& id : s.activity.poll_order) {
    const PollSlot* slot = s.activity.find_poll(id);
    if (!slot) continue;
    const Poll& poll = slot->poll;
    polls.push_back({{"pollId", id},
                     {"question", poll.settings().question},
                     {"kind", to_string(poll.settings().kind)},
                     {"status", to_string(poll.status())},
                     {"voterCount", poll.voter_count()},
                     {"quick", slot->quick},
                     {"active", slot == shown}});
  }
  return {{"poll", shown ? poll_console_view(shown->poll) : json(nullptr)},
          {"board", board ? board_facilitator_view(*board, board_sort) : json(nullptr)},
          {"polls", std::move(polls)},
          {"breakouts", room_entries ? breakouts_console_view(s) : breakouts_console_head(s)},
          {"fishbowl", fishbowl_console_view(s)}};
}

json facilitator_view(const SessionState& s) {
  json agenda = json::array();
  for (const auto& phase : s.scenario->phases) {
    agenda.push_back({{"title", phase.title}, {"activity", phase.activity_kind}, {"notes", phase.notes}});
  }
  return {{"code", s.code}, {"agenda", agenda}};
}

}  // namespace huddle::core

#include "store/event_json.hpp"

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "core/breakout_rules.hpp"
#include "core/limits.hpp"
#include "core/overloaded.hpp"
#include "core/polls/quick_poll.hpp"
#include "scenario/scenario_parser.hpp"

namespace huddle::store {

using nlohmann::json;

namespace {

json poll_settings_json(const core::PollSettings& s) {
  return {{"kind", core::to_string(s.kind)},
          {"question", s.question},
          {"options", s.options},
          {"maxChoices", s.max_choices},
          {"scale", {{"min", s.scale.min}, {"max", s.scale.max}, {"minLabel", s.scale.min_label}, {"maxLabel", s.scale.max_label}}},
          {"maxEntries", s.max_entries},
          {"maxLength", s.max_length},
          {"anonymous", s.anonymous},
          {"resultsLive", s.results_live},
          {"timerSeconds", s.timer_seconds ? json(*s.timer_seconds) : json(nullptr)}};
}

json optional_phase(const std::optional<int>& phase) { return phase ? json(*phase) : json(nullptr); }

}  // namespace

json event_to_json(const core::Event& event) {
  using namespace core;
  return std::visit(
      overloaded{
          [](const SessionCreated& e) -> json {
            // The scenario is stored as its source text, so replay rebuilds exactly the script the session ran.
            json j = {{"type", "session.created"}, {"code", e.code}, {"facilitatorKeyHash", e.facilitator_key_hash},
                      {"scenario", e.scenario ? e.scenario->source : std::string()},
                      {"maxParticipants", e.max_participants}, {"at", e.at}};
            // Written only when there is one, so journals of sessions without a projector code read as before.
            if (!e.projector_key_hash.empty()) j["projectorKeyHash"] = e.projector_key_hash;
            return j;
          },
          [](const ParticipantJoined& e) -> json {
            return {{"type", "participant.joined"}, {"participantId", e.participant_id}, {"name", e.name},
                    {"tokenHash", e.token_hash}, {"at", e.at}};
          },
          [](const ParticipantLeft& e) -> json {
            return {{"type", "participant.left"}, {"participantId", e.participant_id}, {"removed", e.removed}, {"at", e.at}};
          },
          [](const SessionLocked& e) -> json { return {{"type", "session.locked"}, {"locked", e.locked}, {"at", e.at}}; },
          [](const PresenceChanged& e) -> json {
            return {{"type", "presence.changed"}, {"participantId", e.participant_id}, {"delta", e.delta}};
          },
          [](const PhaseChanged& e) -> json { return {{"type", "phase.changed"}, {"phase", optional_phase(e.phase)}, {"at", e.at}}; },
          [](const SessionEnded& e) -> json { return {{"type", "session.ended"}, {"at", e.at}}; },
          [](const TimerPaused& e) -> json { return {{"type", "timer.paused"}, {"at", e.at}}; },
          [](const TimerResumed& e) -> json { return {{"type", "timer.resumed"}, {"at", e.at}}; },
          [](const TimerExtended& e) -> json { return {{"type", "timer.extended"}, {"byMs", e.by_ms}, {"at", e.at}}; },
          [](const TimerWarned& e) -> json { return {{"type", "timer.warned"}, {"at", e.at}}; },
          [](const TimerExpired& e) -> json { return {{"type", "timer.expired"}, {"at", e.at}}; },
          [](const BallotCast& e) -> json {
            return {{"type", "ballot.cast"}, {"pollId", e.poll_id}, {"voterKey", e.voter_key},
                    {"ballot", ballot_to_json(e.ballot)},
                    {"voterName", e.voter_name ? json(*e.voter_name) : json(nullptr)}};
          },
          [](const BallotWithdrawn& e) -> json {
            return {{"type", "ballot.withdrawn"}, {"pollId", e.poll_id}, {"voterKey", e.voter_key}};
          },
          [](const BallotsRekeyed& e) -> json {
            json ballots = json::array();
            for (const auto& [key, ballot] : e.ballots) ballots.push_back({{"voterKey", key}, {"ballot", ballot_to_json(ballot)}});
            return {{"type", "ballots.rekeyed"}, {"pollId", e.poll_id}, {"ballots", std::move(ballots)}};
          },
          [](const PollControlled& e) -> json {
            return {{"type", "poll.controlled"}, {"pollId", e.poll_id}, {"action", to_string(e.action)}, {"at", e.at}};
          },
          [](const QuickPollLaunched& e) -> json {
            return {{"type", "poll.launched"}, {"pollId", e.poll_id}, {"settings", poll_settings_json(e.settings)}, {"at", e.at}};
          },
          [](const CardSubmitted& e) -> json {
            return {{"type", "card.submitted"}, {"phase", e.phase}, {"cardId", e.card_id}, {"text", e.text}};
          },
          [](const CardsReleased& e) -> json { return {{"type", "cards.released"}, {"phase", e.phase}, {"seed", e.seed}}; },
          [](const CardModerated& e) -> json {
            return {{"type", "card.moderated"}, {"phase", e.phase}, {"cardId", e.card_id}, {"action", to_string(e.action)}};
          },
          [](const CardsMerged& e) -> json {
            return {{"type", "cards.merged"}, {"phase", e.phase}, {"cardId", e.card_id}, {"intoId", e.into_id}};
          },
          [](const CardVoteChanged& e) -> json {
            return {{"type", "card.vote"}, {"phase", e.phase}, {"cardId", e.card_id}, {"voterKey", e.voter_key}, {"vote", e.vote}};
          },
          [](const CardGroupRenamed& e) -> json {
            return {{"type", "card.group.renamed"}, {"phase", e.phase}, {"groupId", e.group_id}, {"name", e.name}};
          },
          [](const RoomsFormed& e) -> json {
            json j = {{"type", "rooms.formed"}, {"phase", e.phase}, {"rooms", e.rooms}, {"forming", e.forming}};
            if (!e.away.empty()) j["away"] = e.away;  // journals from before forming left the away out have none
            return j;
          },
          [](const RoomMemberMoved& e) -> json {
            return {{"type", "room.member.moved"}, {"phase", e.phase}, {"participantId", e.participant_id}, {"room", e.room}};
          },
          [](const RoundsStarted& e) -> json {
            json j = {{"type", "rounds.started"}, {"phase", e.phase}, {"at", e.at}};
            if (e.resume) j["resume"] = true;
            return j;
          },
          [](const RoomStepAdvanced& e) -> json {
            return {{"type", "room.step.advanced"}, {"phase", e.phase}, {"room", e.room}, {"at", e.at}};
          },
          [](const RoomTimeAdded& e) -> json {
            return {{"type", "room.time.added"}, {"phase", e.phase}, {"room", e.room}, {"ms", e.ms}};
          },
          [](const RoomsCalledBack& e) -> json {
            return {{"type", "rooms.called.back"}, {"phase", e.phase}, {"closeAt", e.close_at}};
          },
          [](const RoomsClosed& e) -> json { return {{"type", "rooms.closed"}, {"phase", e.phase}, {"at", e.at}}; },
          [](const HelpRequested& e) -> json {
            return {{"type", "help.requested"}, {"phase", e.phase}, {"room", e.room}, {"at", e.at}};
          },
          [](const HelpCleared& e) -> json { return {{"type", "help.cleared"}, {"phase", e.phase}, {"room", e.room}}; },
          [](const ChecklistSaved& e) -> json {
            return {{"type", "checklist.saved"}, {"phase", e.phase}, {"room", e.room}, {"round", e.round},
                    {"participantId", e.participant_id}, {"ticked", e.ticked}, {"note", e.note}};
          },
          [](const Announced& e) -> json { return {{"type", "announced"}, {"text", e.text}, {"at", e.at}}; },
          [](const FishbowlSeated& e) -> json {
            return {{"type", "fishbowl.seated"}, {"phase", e.phase}, {"seat", e.seat}, {"participantId", e.participant_id},
                    {"at", e.at}};
          },
          [](const FishbowlQueued& e) -> json {
            return {{"type", "fishbowl.queued"}, {"phase", e.phase}, {"participantId", e.participant_id}, {"queued", e.queued}};
          },
          [](const ObservationWritten& e) -> json {
            json j = {{"type", "observation.written"}, {"phase", e.phase}, {"observationId", e.observation_id}, {"text", e.text}};
            if (!e.author_id.empty()) j["authorId"] = e.author_id;  // named fishbowls only: an anonymous one has no field
            return j;
          },
          [](const ObservationHeld& e) -> json {
            return {{"type", "observation.held"}, {"phase", e.phase}, {"observationId", e.observation_id}, {"text", e.text}};
          },
          [](const ObservationsReleased& e) -> json {
            return {{"type", "observations.released"}, {"phase", e.phase}, {"seed", e.seed},
                    {"guessable", e.guessable}};
          },
          [](const ObservationSurfaced& e) -> json {
            return {{"type", "observation.surfaced"}, {"phase", e.phase}, {"observationId", e.observation_id},
                    {"surfaced", e.surfaced}};
          },
      },
      event);
}

namespace {

const json& field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) throw CorruptEvent(std::string("a stored event lacks '") + name + "'");
  return *it;
}
// An integer of type T stored at `v`: only a JSON integer that fits T (no float, whose cast would be
// undefined out of range; no 2^32 that would wrap to 0). decide() never stores anything else.
template <class T>
T integer(const json& v, const char* name) {
  const std::string bad = std::string("a stored event has a bad '") + name + "'";
  if (!v.is_number_integer()) throw CorruptEvent(bad);
  if (v.is_number_unsigned()) {
    const auto n = v.get<std::uint64_t>();
    if (!std::in_range<T>(n)) throw CorruptEvent(bad);
    return static_cast<T>(n);
  }
  const auto n = v.get<std::int64_t>();
  if (!std::in_range<T>(n)) throw CorruptEvent(bad);
  return static_cast<T>(n);
}
template <class T>
T get(const json& j, const char* name) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    return integer<T>(field(j, name), name);
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    const json& v = field(j, name);
    if (!v.is_array()) throw CorruptEvent(std::string("a stored event has a bad '") + name + "'");
    std::vector<int> out;
    out.reserve(v.size());
    for (const auto& element : v) out.push_back(integer<int>(element, name));
    return out;
  } else {
    try {
      return field(j, name).get<T>();
    } catch (const json::exception&) {
      throw CorruptEvent(std::string("a stored event has a bad '") + name + "'");
    }
  }
}
std::optional<int> get_optional_int(const json& j, const char* name) {
  const json& v = field(j, name);
  if (v.is_null()) return std::nullopt;
  return integer<int>(v, name);
}

// A number within [min, max]: the ranges decide() keeps, so that replay's arithmetic (`at + duration`,
// `deadline - at`) cannot overflow whatever a damaged journal says.
template <class T>
T bounded(const json& j, const char* name, T min, T max) {
  const T value = get<T>(j, name);
  if (value < min || value > max) throw CorruptEvent(std::string("a stored event has an impossible '") + name + "'");
  return value;
}
// A time: milliseconds since 1970, at most 2^53 (exact in JSON; the clock reaches it in the year 287396).
core::Millis at(const json& j) { return bounded<core::Millis>(j, "at", 0, core::Millis{1} << 53); }
int phase_index(const json& j) { return bounded<int>(j, "phase", 0, std::numeric_limits<int>::max()); }

core::Ballot ballot_from_json(const json& b) {
  if (!b.is_object() || b.size() != 1) throw CorruptEvent("a stored ballot is not one field");
  if (b.contains("choice")) return core::SingleChoice{get<int>(b, "choice")};
  if (b.contains("choices")) return core::MultiChoice{get<std::vector<int>>(b, "choices")};
  if (b.contains("value")) return core::ScaleRating{get<int>(b, "value")};
  if (b.contains("words")) return core::WordEntries{get<std::vector<std::string>>(b, "words")};
  if (b.contains("texts")) return core::OpenAnswer{get<std::vector<std::string>>(b, "texts")};
  throw CorruptEvent("a stored ballot has no known field");
}

core::PollSettings poll_settings_from_json(const json& j) {
  core::PollSettings s;
  auto kind = core::parse_poll_kind(get<std::string>(j, "kind"));
  if (!kind) throw CorruptEvent("a stored poll has an unknown kind");
  s.kind = *kind;
  s.question = get<std::string>(j, "question");
  s.options = get<std::vector<std::string>>(j, "options");
  s.max_choices = get<int>(j, "maxChoices");
  const json& scale = field(j, "scale");
  s.scale = {get<int>(scale, "min"), get<int>(scale, "max"), get<std::string>(scale, "minLabel"),
             get<std::string>(scale, "maxLabel")};
  s.max_entries = get<int>(j, "maxEntries");
  s.max_length = get<int>(j, "maxLength");
  s.anonymous = get<bool>(j, "anonymous");
  s.results_live = get<bool>(j, "resultsLive");
  s.timer_seconds = get_optional_int(j, "timerSeconds");
  // Only quick polls are journaled with their settings; they must still be a poll the facilitator could
  // have launched (a scale of 2^32 points or with its ends reversed would break every tally).
  auto validated = core::validate_quick_poll(core::quick_poll_request(s));
  if (auto* rejection = std::get_if<core::Rejection>(&validated)) {
    throw CorruptEvent("a stored quick poll breaks the poll rules: " + rejection->message);
  }
  return s;
}

template <class Enum, class Parse>
Enum enum_field(const json& j, const char* name, Parse parse) {
  auto value = parse(get<std::string>(j, name));
  if (!value) throw CorruptEvent(std::string("a stored event has an unknown '") + name + "'");
  return *value;
}

}  // namespace

core::Event event_from_json(const json& j) {
  using namespace core;
  constexpr Millis max_extension_ms = max_phase_extension_seconds * 1000;
  if (!j.is_object()) throw CorruptEvent("a stored event is not an object");
  const std::string type = get<std::string>(j, "type");
  if (type == "session.created") {
    auto parsed = scenario::parse_scenario(get<std::string>(j, "scenario"), "");
    auto* scenario = std::get_if<std::shared_ptr<const Scenario>>(&parsed);
    if (!scenario) throw CorruptEvent("the stored scenario of a session no longer parses");
    return SessionCreated{get<std::string>(j, "code"), get<std::string>(j, "facilitatorKeyHash"), *scenario,
                          get<std::size_t>(j, "maxParticipants"), at(j),
                          j.contains("projectorKeyHash") ? get<std::string>(j, "projectorKeyHash") : std::string()};
  }
  if (type == "participant.joined") {
    return ParticipantJoined{get<std::string>(j, "participantId"), get<std::string>(j, "name"),
                             get<std::string>(j, "tokenHash"), at(j)};
  }
  if (type == "participant.left") {
    return ParticipantLeft{get<std::string>(j, "participantId"), get<bool>(j, "removed"), at(j)};
  }
  if (type == "session.locked") return SessionLocked{get<bool>(j, "locked"), at(j)};
  if (type == "presence.changed") return PresenceChanged{get<std::string>(j, "participantId"), bounded<int>(j, "delta", -1, 1)};
  if (type == "phase.changed") return PhaseChanged{field(j, "phase").is_null() ? std::nullopt : std::optional<int>(phase_index(j)), at(j)};
  if (type == "session.ended") return SessionEnded{at(j)};
  if (type == "timer.paused") return TimerPaused{at(j)};
  if (type == "timer.resumed") return TimerResumed{at(j)};
  if (type == "timer.extended") return TimerExtended{bounded<Millis>(j, "byMs", -max_extension_ms, max_extension_ms), at(j)};
  if (type == "timer.warned") return TimerWarned{at(j)};
  if (type == "timer.expired") return TimerExpired{at(j)};
  if (type == "ballot.cast") {
    const json& name = field(j, "voterName");
    return BallotCast{get<std::string>(j, "pollId"), get<std::string>(j, "voterKey"), ballot_from_json(field(j, "ballot")),
                      name.is_null() ? std::nullopt : std::optional<std::string>(get<std::string>(j, "voterName"))};
  }
  if (type == "ballots.rekeyed") {
    const json& list = field(j, "ballots");
    if (!list.is_array()) throw CorruptEvent("a stored 'ballots.rekeyed' has no list of ballots");
    BallotsRekeyed e{get<std::string>(j, "pollId"), {}};
    for (const auto& b : list) e.ballots.emplace_back(get<std::string>(b, "voterKey"), ballot_from_json(field(b, "ballot")));
    return e;
  }
  if (type == "ballot.withdrawn") return BallotWithdrawn{get<std::string>(j, "pollId"), get<std::string>(j, "voterKey")};
  if (type == "poll.controlled") {
    return PollControlled{get<std::string>(j, "pollId"), enum_field<PollAction>(j, "action", parse_poll_action),
                          at(j)};
  }
  if (type == "poll.launched") {
    return QuickPollLaunched{get<std::string>(j, "pollId"), poll_settings_from_json(field(j, "settings")), at(j)};
  }
  if (type == "card.submitted") return CardSubmitted{phase_index(j), get<std::string>(j, "cardId"), get<std::string>(j, "text")};
  if (type == "cards.released") return CardsReleased{phase_index(j), get<std::uint64_t>(j, "seed")};
  if (type == "card.moderated") {
    return CardModerated{phase_index(j), get<std::string>(j, "cardId"), enum_field<CardAction>(j, "action", parse_card_action)};
  }
  if (type == "cards.merged") return CardsMerged{phase_index(j), get<std::string>(j, "cardId"), get<std::string>(j, "intoId")};
  if (type == "card.vote") {
    return CardVoteChanged{phase_index(j), get<std::string>(j, "cardId"), get<std::string>(j, "voterKey"), get<bool>(j, "vote")};
  }
  if (type == "card.group.renamed") {
    return CardGroupRenamed{phase_index(j), get<std::string>(j, "groupId"), get<std::string>(j, "name")};
  }
  // Rooms and rounds are small numbers; anything beyond these bounds was not written by the rules.
  constexpr int max_index = 100000;
  auto room = [&](bool none_allowed) { return bounded<int>(j, "room", none_allowed ? -1 : 0, max_index); };
  if (type == "rooms.formed") {
    std::vector<std::string> away;
    if (j.contains("away")) away = get<std::vector<std::string>>(j, "away");
    return RoomsFormed{phase_index(j), get<std::vector<std::vector<std::string>>>(j, "rooms"), get<std::string>(j, "forming"),
                       std::move(away)};
  }
  if (type == "room.member.moved") return RoomMemberMoved{phase_index(j), get<std::string>(j, "participantId"), room(true)};
  if (type == "rounds.started") return RoundsStarted{phase_index(j), at(j), j.contains("resume") && get<bool>(j, "resume")};
  if (type == "room.step.advanced") return RoomStepAdvanced{phase_index(j), room(false), at(j)};
  if (type == "room.time.added") {
    constexpr Millis most = max_room_time_seconds * 1000;
    return RoomTimeAdded{phase_index(j), room(true), bounded<Millis>(j, "ms", -most, most)};
  }
  if (type == "rooms.called.back") return RoomsCalledBack{phase_index(j), bounded<Millis>(j, "closeAt", 0, Millis{1} << 53)};
  if (type == "rooms.closed") return RoomsClosed{phase_index(j), at(j)};
  if (type == "help.requested") return HelpRequested{phase_index(j), room(false), at(j)};
  if (type == "help.cleared") return HelpCleared{phase_index(j), room(false)};
  if (type == "checklist.saved") {
    return ChecklistSaved{phase_index(j), room(false), bounded<int>(j, "round", 0, max_index), get<std::string>(j, "participantId"),
                          get<std::vector<int>>(j, "ticked"), get<std::string>(j, "note")};
  }
  if (type == "announced") return Announced{get<std::string>(j, "text"), at(j)};
  if (type == "fishbowl.seated") {
    return FishbowlSeated{phase_index(j), bounded<int>(j, "seat", 0, max_index), get<std::string>(j, "participantId"), at(j)};
  }
  if (type == "fishbowl.queued") return FishbowlQueued{phase_index(j), get<std::string>(j, "participantId"), get<bool>(j, "queued")};
  if (type == "observation.written") {
    return ObservationWritten{phase_index(j), get<std::string>(j, "observationId"), get<std::string>(j, "text"),
                              j.contains("authorId") ? get<std::string>(j, "authorId") : std::string{}};
  }
  if (type == "observation.held") {
    return ObservationHeld{phase_index(j), get<std::string>(j, "observationId"), get<std::string>(j, "text")};
  }
  if (type == "observations.released") {
    return ObservationsReleased{phase_index(j), get<std::uint64_t>(j, "seed"), get<bool>(j, "guessable")};
  }
  if (type == "observation.surfaced") {
    return ObservationSurfaced{phase_index(j), get<std::string>(j, "observationId"), get<bool>(j, "surfaced")};
  }
  throw CorruptEvent("a stored event has the unknown type '" + type.substr(0, 40) + "'");
}

}  // namespace huddle::store

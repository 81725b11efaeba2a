// libFuzzer target: the protocol parser plus the session rules, the way hub/session_host*.cpp drives them.
//
// The input is a script, one request per line. An optional first line "#N" picks the scenario (N modulo
// the list below; default 0, tests/fuzz/tiny-scenario.json). Each line is parsed with parse_request; a
// request that parses becomes the core::Command SessionHost would build for it and runs through decide()
// for an actor, and the events of an accepted command are applied to one SessionState that lives for the
// whole input. After every line the state's bookkeeping is checked (fuzz_support.hpp), and at the end every
// view and the report are built and the durable events are replayed, through event_to_json/event_from_json
// as the journal stores them, into a second state that must show the same session.
//
// Who asks: the request id picks the actor. An integer id n: n % 4 == 0 the role the command needs,
// 1 the facilitator, 2 a participant (the (n / 4)-th who joined, left ones included: a request can be on
// the strand when its sender is removed), 3 a visitor. A string id: first character 'f' facilitator,
// 'p' participant (by the id's length), 'v' visitor, anything else the role needed.
//
// Requests without a session command of their own drive what the hub does by itself:
//   join        JoinSession (participant "p-<k>", token hash "h-<k>"), then Connect as the server does;
//   resume      Connect for the participant whose token hash is resumeToken ("h-<k>");
//   resync      Disconnect of the acting participant (a tab closed);
//   hello       time passes: `protocol` seconds (clamped to 0..7200), then the server's Tick;
//   session.create, facilitator.attach, session.delete: no command (handled outside the session).
// Every line also advances the clock by 1.5 s. Card ids are "c-<k>" in submission order.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/overloaded.hpp"
#include "core/rules.hpp"
#include "fuzz_support.hpp"
#include "huddle/protocol/request_parser.hpp"
#include "scenario/scenario_parser.hpp"
#include "store/event_json.hpp"

using namespace huddle;

namespace {

constexpr std::size_t max_lines = 64;
constexpr std::size_t max_participants = 6;  // small, so "session full" is reachable
constexpr core::Millis start_time = 1'800'000'000'000;

std::vector<std::shared_ptr<const core::Scenario>> load_scenarios() {
  std::vector<std::shared_ptr<const core::Scenario>> list;
  for (const char* file : {"tests/fuzz/tiny-scenario.json", "scenarios/first-time-manager.json",
                           "scenarios/leadership-reality-check.json", "scenarios/pod-missed-deadline.json",
                           "scenarios/first-90-days.json", "scenarios/sales-objection-handling.json"}) {
    auto parsed = scenario::parse_scenario(fuzz::read_source_file(file), "");
    auto* ok = std::get_if<std::shared_ptr<const core::Scenario>>(&parsed);
    if (!ok) {
      std::string why = std::string("bundled scenario does not parse: ") + file;
      for (const auto& e : std::get<std::vector<scenario::ScenarioError>>(parsed)) why += "\n  " + e.describe();
      fuzz::fail(why);
    }
    list.push_back(*ok);
  }
  return list;
}

const std::vector<std::shared_ptr<const core::Scenario>>& scenarios() {
  static const auto list = load_scenarios();
  return list;
}

// HUDDLE_FUZZ_VERBOSE=1: print each command's outcome (to check what a seed reaches).
bool verbose() {
  static const bool on = std::getenv("HUDDLE_FUZZ_VERBOSE") != nullptr;
  return on;
}

struct Run {
  core::SessionState state;
  core::Millis now = start_time;
  std::vector<std::string> joined;  // participant ids in join order
  int next_participant = 1;
  int next_card = 1;
  std::uint64_t next_seed = 1;
  // What SessionHost's CardWriters keeps in memory: cards written per (writer, phase), and who has cards
  // waiting in each phase's pen.
  std::map<std::pair<std::string, int>, std::size_t> written;
  std::map<int, std::set<std::string>> waiting_writers;
  std::vector<core::Event> journal;  // the durable events, in order

  void commit(const std::vector<core::Event>& events) {
    for (const auto& e : events) {
      core::apply(state, e);
      if (core::is_durable(e)) journal.push_back(e);
      if (const auto* released = std::get_if<core::CardsReleased>(&e)) waiting_writers[released->phase].clear();
    }
  }

  bool run(const core::Actor& actor, const core::Command& command) {
    auto outcome = core::decide(state, actor, command, now);
    if (verbose()) {
      std::fprintf(stderr, "  command %zu as %d%s%s: %s%s\n", command.index(), static_cast<int>(actor.kind),
                   actor.participant_id.empty() ? "" : " ", actor.participant_id.c_str(),
                   outcome.ok() ? "ok, events " : "refused: ", outcome.ok() ? std::to_string(outcome.events.size()).c_str()
                                                                      : outcome.rejection->message.c_str());
    }
    if (!outcome.ok()) {
      fuzz::check(outcome.events.empty(), "a refused command has events");
      fuzz::check(outcome.rejection->code != protocol::ErrorCode::internal, "decide() answered 'internal'");
      fuzz::check(!outcome.rejection->message.empty(), "a rejection has no message");
      return false;
    }
    commit(outcome.events);
    return true;
  }

  core::Actor actor_for(const protocol::RequestId& id, core::Actor::Kind needed) const {
    auto participant = [&](std::size_t n) {
      return joined.empty() ? core::Actor::participant("p-nobody") : core::Actor::participant(joined[n % joined.size()]);
    };
    auto of_kind = [&](core::Actor::Kind kind, std::size_t n) {
      switch (kind) {
        case core::Actor::Kind::facilitator: return core::Actor::facilitator();
        case core::Actor::Kind::participant: return participant(n);
        case core::Actor::Kind::visitor: return core::Actor::visitor();
        case core::Actor::Kind::system: return core::Actor::system();
      }
      return core::Actor::visitor();
    };
    if (const auto* n = std::get_if<std::int64_t>(&id)) {
      const auto k = static_cast<std::size_t>(*n);
      static constexpr core::Actor::Kind by_rest[] = {core::Actor::Kind::system, core::Actor::Kind::facilitator,
                                                      core::Actor::Kind::participant, core::Actor::Kind::visitor};
      return of_kind(k % 4 == 0 ? needed : by_rest[k % 4], k / 4);
    }
    const auto& s = std::get<std::string>(id);
    switch (s.front()) {
      case 'f': return core::Actor::facilitator();
      case 'p': return participant(s.size());
      case 'v': return core::Actor::visitor();
      default: return of_kind(needed, s.size());
    }
  }

  std::string board_key(const std::string& who) const {
    return "a-" + who + "-board-" + std::to_string(state.phase.value_or(-1));
  }

  // One request, as SessionHost would turn it into a command.
  void handle(const protocol::Request& request) {
    using namespace protocol;
    auto act = [&](core::Command command) {
      const core::Actor actor = actor_for(request.id, core::required_role(command));
      return std::pair{actor, run(actor, command)};
    };
    std::visit(
        core::overloaded{
            [&](const Hello& r) {
              now += std::clamp<std::int64_t>(r.protocol, 0, 7200) * 1000;
              run(core::Actor::system(), core::Tick{});
            },
            [&](const Join& r) {
              const std::string id = "p-" + std::to_string(next_participant);
              const std::string token_hash = "h-" + std::to_string(next_participant);
              ++next_participant;
              auto [actor, ok] = act(core::JoinSession{id, r.name, token_hash});
              if (!ok) return;
              fuzz::check(state.find(id) && state.find(id)->active, "a joined participant is not in the session");
              joined.push_back(id);
              run(core::Actor::system(), core::Connect{id});
            },
            [&](const Resume& r) {
              if (const core::Participant* p = state.find_by_token_hash(r.resume_token)) {
                run(core::Actor::system(), core::Connect{p->id});
              }
            },
            [&](const Resync&) {
              const core::Actor actor = actor_for(request.id, core::Actor::Kind::participant);
              if (actor.kind == core::Actor::Kind::participant) run(core::Actor::system(), core::Disconnect{actor.participant_id});
            },
            [&](const Leave&) { act(core::LeaveSession{}); },
            [&](const PhaseNext&) { act(core::NextPhase{}); },
            [&](const PhaseBack&) { act(core::PreviousPhase{}); },
            [&](const PhaseGoto& r) { act(core::GotoPhase{r.index}); },
            [&](const ParticipantRemove& r) { act(core::RemoveParticipant{r.participant_id}); },
            [&](const SessionLock& r) { act(core::LockSession{r.locked}); },
            [&](const ParticipantRemoveSince& r) { act(core::RemoveJoinedSince{r.since}); },
            [&](const SessionEnd&) { act(core::EndSession{}); },
            [&](const PhasePause&) { act(core::PauseTimer{}); },
            [&](const PhaseResume&) { act(core::ResumeTimer{}); },
            [&](const PhaseExtend& r) { act(core::ExtendTimer{r.seconds}); },
            [&](const PollVote& r) {
              const core::Actor actor = actor_for(request.id, core::Actor::Kind::participant);
              run(actor, core::CastBallot{r.poll_id, "a-" + actor.participant_id + "-" + r.poll_id, r.vote});
            },
            [&](const PollWithdraw& r) {
              const core::Actor actor = actor_for(request.id, core::Actor::Kind::participant);
              run(actor, core::WithdrawBallot{r.poll_id, "a-" + actor.participant_id + "-" + r.poll_id});
            },
            [&](const PollControl& r) {
              auto action = core::parse_poll_action(r.action);
              if (!action) return;
              // As SessionHost::poll_control: every named voter gets the anonymous key they vote with.
              core::ControlPoll command{r.poll_id, *action, {}};
              if (const core::PollSlot* slot = state.activity.find_poll(r.poll_id); slot && !slot->poll.settings().anonymous) {
                for (const auto& [voter, ballot] : slot->poll.ballots()) command.anonymous_keys[voter] = "a-" + voter + "-" + r.poll_id;
              }
              act(command);
            },
            [&](const PollQuick& r) { act(core::LaunchQuickPoll{r.poll}); },
            [&](const CardSubmit& r) {
              const core::Actor actor = actor_for(request.id, core::Actor::Kind::participant);
              const int phase = state.phase.value_or(-1);
              const std::string& who = actor.participant_id;
              std::set<std::string> waiting = waiting_writers[phase];
              waiting.insert(who);
              core::SubmitCard command{"c-" + std::to_string(next_card++), r.text, written[{who, phase}], waiting.size(),
                                       next_seed++};
              if (!run(actor, command)) return;
              ++written[{who, phase}];
              const core::ConfusionBoard* board = state.activity.board(phase);
              fuzz::check(board != nullptr, "a card was accepted with no board");
              if (board->waiting_count() == 0) waiting_writers[phase].clear();
              else waiting_writers[phase].insert(who);
            },
            [&](const CardVote& r) {
              const core::Actor actor = actor_for(request.id, core::Actor::Kind::participant);
              run(actor, core::VoteCard{r.card_id, board_key(actor.participant_id), r.vote});
            },
            [&](const CardModerate& r) {
              if (auto action = core::parse_card_action(r.action)) act(core::ModerateCard{r.card_id, *action});
            },
            [&](const CardMerge& r) { act(core::MergeCards{r.card_id, r.into_id}); },
            [&](const CardRelease& r) {
              const int phase = state.phase.value_or(-1);
              act(core::ReleaseCards{r.force, waiting_writers[phase].size(), next_seed++});
            },
            [&](const CardGroupRename& r) { act(core::RenameCardGroup{r.group_id, r.name}); },
            [&](const auto&) {},  // session.create, facilitator.attach, session.delete: not session commands
        },
        request.body);
  }
};

// Views that a replay must reproduce exactly. Presence is not journaled (after a restart nobody is online
// until they come back), so onlineCount and each participant's presence are left out.
nlohmann::json durable_views(const core::SessionState& s, core::Millis now) {
  nlohmann::json session = core::session_view(s);
  session.erase("onlineCount");
  nlohmann::json roster = core::roster_view(s);
  for (auto& p : roster["participants"]) p.erase("presence");
  nlohmann::json report = core::session_report(s, now);
  return {{"session", session},         {"roster", roster},    {"activity", core::activity_view(s)},
          {"console", core::console_view(s)}, {"facilitator", core::facilitator_view(s)}, {"report", report}};
}

void check_replay(const Run& live) {
  core::SessionState replayed;
  for (const auto& e : live.journal) {
    if (std::holds_alternative<core::SessionCreated>(e)) {
      // Re-parsing the stored scenario text costs more than the rest of the replay (fuzz_scenario checks
      // that an accepted scenario parses again from its source): take the live event as it is.
      core::apply(replayed, e);
      continue;
    }
    const std::string stored = store::event_to_json(e).dump();
    core::Event back;
    try {
      back = store::event_from_json(nlohmann::json::parse(stored));
    } catch (const std::exception& ex) {
      fuzz::fail(std::string("a journaled event does not read back: ") + ex.what() + " in " + stored.substr(0, 300));
    }
    fuzz::check(store::event_to_json(back).dump() == stored, "an event reads back different from what was stored");
    core::apply(replayed, back);
  }
  const auto a = durable_views(live.state, live.now);
  const auto b = durable_views(replayed, live.now);
  if (a != b) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (b.contains(it.key()) && *it != b[it.key()]) {
        fuzz::fail("replay differs from the live session in '" + it.key() + "':\n live:   " + it->dump().substr(0, 2000) +
                   "\n replay: " + b[it.key()].dump().substr(0, 2000));
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)scenarios();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  auto next_line = [&] {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    return line;
  };
  std::size_t pick = 0;
  if (rest.starts_with('#')) {
    const auto line = next_line();
    for (char c : line.substr(1)) {
      if (c >= '0' && c <= '9') pick = pick * 10 % 1000 + static_cast<std::size_t>(c - '0');
    }
  }
  const auto& scenario = scenarios()[pick % scenarios().size()];

  Run run;
  run.commit({core::create_session("FUZZ01", "facilitator-key-hash", scenario, max_participants, run.now)});
  for (std::size_t n = 0; n < max_lines && !rest.empty(); ++n) {
    const auto line = next_line();
    run.now += 1500;
    auto parsed = protocol::parse_request(line);
    if (auto* request = std::get_if<protocol::Request>(&parsed)) run.handle(*request);
    fuzz::check_participants(run.state, /*unique_ids=*/true);
    fuzz::check_phase_and_activity(run.state);
  }
  fuzz::check_views(run.state, run.now);
  (void)core::next_wakeup(run.state);
  check_replay(run);

  // The journal seeds were made this way: HUDDLE_FUZZ_DUMP_JOURNAL=file fuzz_dispatcher seed (README.md).
  if (const char* dump = std::getenv("HUDDLE_FUZZ_DUMP_JOURNAL")) {
    if (FILE* out = std::fopen(dump, "w")) {
      for (const auto& e : run.journal) std::fprintf(out, "%s\n", store::event_to_json(e).dump().c_str());
      std::fclose(out);
    }
  }
  return 0;
}

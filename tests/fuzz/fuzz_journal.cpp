// libFuzzer target: journal replay. The input is a journal as JSON lines (one stored event per line, as
// SqliteJournal keeps them in its `body` column). Each line is parsed as SqliteJournal::read() does and
// decoded with store::event_from_json; CorruptEvent (or any std::exception) ends the replay, as it would
// end Hub::recover() / Hub::report() for that session. When the first event is a SessionCreated, the
// decoded events are applied in order to a fresh SessionState, exactly as the hub replays a session, and
// then every view and the report are built, as SessionHost's constructor does for a recovered session.
// Nothing of that may crash or hit undefined behaviour, whatever the journal says.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <variant>
#include <vector>

#include "core/polls/quick_poll.hpp"
#include "core/rules.hpp"
#include "fuzz_support.hpp"
#include "store/event_json.hpp"

using namespace huddle;

namespace {

// HUDDLE_FUZZ_SKIP_KNOWN=1 stops a replay just before an event that hits a finding already reported
// (README.md, "Findings"), so a long run looks for new ones instead of finding the same crash again. The
// checks are the fixes proposed there, so a run with it on also tests that those fixes are enough.
// Delete this once the fixes are in.
bool skip_known() {
  static const bool on = std::getenv("HUDDLE_FUZZ_SKIP_KNOWN") != nullptr;
  return on;
}

// The request a quick poll with these settings was launched with (the inverse of validate_quick_poll).
nlohmann::json quick_poll_request(const core::PollSettings& s) {
  using core::PollKind;
  nlohmann::json r = {{"pollKind", core::to_string(s.kind)}, {"question", s.question}, {"anonymous", s.anonymous},
                      {"results", s.results_live ? "live" : "hidden"}};
  if (s.kind == PollKind::single || s.kind == PollKind::multi) r["options"] = s.options;
  if (s.kind == PollKind::multi) r["maxChoices"] = s.max_choices;
  if (s.kind == PollKind::scale) {
    r["scale"] = {{"min", s.scale.min}, {"max", s.scale.max}, {"minLabel", s.scale.min_label}, {"maxLabel", s.scale.max_label}};
  }
  if (s.kind == PollKind::wordcloud || s.kind == PollKind::open) {
    r["maxEntries"] = s.max_entries;
    r["maxLength"] = s.max_length;
  }
  if (s.timer_seconds) r["timerSeconds"] = *s.timer_seconds;
  return r;
}

// F5: a JSON float where event_from_json reads an integer is converted with a cast that is undefined when
// out of range (nlohmann's from_json). No stored event holds a float.
bool has_float(const nlohmann::json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured()) {
    for (const auto& v : j) {
      if (has_float(v)) return true;
    }
  }
  return false;
}

bool known_finding(const core::SessionState& s, const core::Event& e) {
  constexpr core::Millis latest = core::Millis{1} << 53;  // JSON-safe; the server clock is far below it
  bool known = false;
  std::visit([&](const auto& ev) {
    // F2: times decide() never stamps overflow `at + duration`, `deadline - at`, `at + timerSeconds * 1000`.
    if constexpr (requires { ev.at; }) known |= ev.at < 0 || ev.at > latest;
  }, e);
  // F1: a phase the scenario does not have indexes past Scenario::phases in apply().
  if (const auto* changed = std::get_if<core::PhaseChanged>(&e)) {
    known |= changed->phase && (*changed->phase < 0 || static_cast<std::size_t>(*changed->phase) >= s.scenario->phases.size());
  }
  // F3: a second session.created swaps the scenario under the current phase.
  known |= std::holds_alternative<core::SessionCreated>(e) && s.scenario != nullptr;
  // F2: timer.extended beyond what phase.extend allows overflows duration and deadline.
  if (const auto* extended = std::get_if<core::TimerExtended>(&e)) {
    known |= extended->by_ms < -3'600'000 || extended->by_ms > 3'600'000;
  }
  // F2: presence.changed is never journaled; a delta other than +-1 overflows the connection count.
  if (const auto* presence = std::get_if<core::PresenceChanged>(&e)) known |= presence->delta != 1 && presence->delta != -1;
  // F4: quick-poll settings outside the limits validate_quick_poll keeps (a scale of 2^32 points).
  if (const auto* launched = std::get_if<core::QuickPollLaunched>(&e)) {
    known |= !std::holds_alternative<core::PollSettings>(core::validate_quick_poll(quick_poll_request(launched->settings)));
  }
  return known;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<core::Event> events;
  try {
    while (!rest.empty() && events.size() < 256) {
      const auto end = rest.find('\n');
      const std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (line.empty()) continue;
      auto body = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (body.is_discarded()) return 0;  // JournalError("unreadable event") in SqliteJournal::read
      if (skip_known() && has_float(body)) return 0;
      events.push_back(store::event_from_json(body));
      // What is decoded must encode again (a session's events are re-read after every restart).
      (void)store::event_to_json(events.back()).dump();
    }
  } catch (const std::exception&) {
    return 0;  // CorruptEvent and friends: the replay stops with an error, which is what it should do
  }
  if (events.empty() || !std::holds_alternative<core::SessionCreated>(events.front())) return 0;

  core::SessionState state;
  core::Millis last = 0;
  for (const auto& e : events) {
    if (skip_known() && known_finding(state, e)) {
      if (std::getenv("HUDDLE_FUZZ_VERBOSE")) std::fprintf(stderr, "skipped at event %zu (a known finding)\n", e.index());
      return 0;
    }
    core::apply(state, e);
    std::visit([&](const auto& ev) {
      if constexpr (requires { ev.at; }) last = ev.at;
    }, e);
  }
  fuzz::check_participants(state, /*unique_ids=*/false);
  fuzz::check_views(state, last);
  (void)core::next_wakeup(state);
  return 0;
}

#pragma once
// Shared by the fuzz targets: reading the bundled files, and the cheap checks run on a session state after
// every change. A failed check calls fail(), which prints what broke and aborts, so libFuzzer records the
// input as a crash like any sanitizer report.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/report.hpp"
#include "core/session_state.hpp"
#include "core/views.hpp"

namespace huddle::fuzz {

[[noreturn]] inline void fail(std::string_view what) {
  std::fprintf(stderr, "\n*** fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::fflush(stderr);
  std::abort();
}

inline void check(bool ok, std::string_view what) {
  if (!ok) fail(what);
}

// A file of the source tree (HUDDLE_SOURCE_DIR is set by tests/fuzz/CMakeLists.txt).
inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(HUDDLE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) fail("cannot read " + relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Serialises strictly (the default error handler throws on invalid UTF-8): the server's own frames use
// error_handler_t::replace, so a throw here means a view would show a participant U+FFFD garbage, or that a
// string was cut inside a UTF-8 sequence. Either is a bug in core, reported as a crash.
inline void must_serialise(const nlohmann::json& j, std::string_view what) {
  try {
    (void)j.dump();
  } catch (const nlohmann::json::exception& e) {
    fail(std::string(what) + " does not serialise: " + e.what());
  }
}

// Every view of the state, for every audience, and the report (JSON and CSV) build and serialise.
inline void check_views(const core::SessionState& s, core::Millis now) {
  must_serialise(core::session_view(s), "session_view");
  must_serialise(core::roster_view(s), "roster_view");
  must_serialise(core::activity_view(s), "activity_view");
  must_serialise(core::console_view(s), "console_view");
  must_serialise(core::facilitator_view(s), "facilitator_view");
  for (const auto& p : s.participants) {
    core::VoterContext voter;
    if (s.activity.active_poll) voter.poll_key = "a-" + p.id + "-" + *s.activity.active_poll;
    if (s.phase) voter.board_key = "a-" + p.id + "-board-" + std::to_string(*s.phase);
    if (s.activity.board(s.phase)) voter.cards_left = 1;
    must_serialise(core::me_view(s, p.id, voter), "me_view");
  }
  const auto report = core::session_report(s, now);
  must_serialise(report, "session_report");
  (void)core::session_report_csv(report);
}

// Bookkeeping that apply() keeps beside the participant list. `unique_ids`: every participant id and token
// hash was distinct when it joined (true for sessions run through decide(); a journal may say otherwise).
inline void check_participants(const core::SessionState& s, bool unique_ids) {
  std::size_t active = 0, online = 0;
  for (std::size_t i = 0; i < s.participants.size(); ++i) {
    const auto& p = s.participants[i];
    check(p.connections >= 0, "a participant has a negative connection count");
    if (p.active) ++active;
    else check(p.connections == 0, "a participant who left still counts connections");
    if (p.connections > 0) ++online;
    if (unique_ids) {
      auto it = s.by_id.find(p.id);
      check(it != s.by_id.end() && it->second == i, "by_id does not point at the participant");
      if (p.active) {
        auto t = s.by_token_hash.find(p.token_hash);
        check(t != s.by_token_hash.end() && t->second == p.id, "by_token_hash misses an active participant");
      }
    }
  }
  check(s.active_count == active, "active_count differs from the number of active participants");
  check(s.online_count == online, "online_count differs from the number of participants online");
  if (unique_ids) {
    check(s.by_id.size() == s.participants.size(), "by_id has entries for no participant");
    check(s.by_token_hash.size() == active, "by_token_hash holds a token of someone who left");
    std::size_t names = 0;
    for (const auto& [name, holders] : s.names_in_use) {
      check(holders > 0, "names_in_use keeps a name nobody holds");
      names += static_cast<std::size_t>(holders);
    }
    check(names == active, "names_in_use does not count every active participant once");
    check(active <= s.max_participants, "more active participants than max_participants");
  }
}

// The phase, its timer and the activity bookkeeping agree with the scenario.
inline void check_phase_and_activity(const core::SessionState& s) {
  const auto phases = s.scenario ? s.scenario->phases.size() : 0;
  if (s.phase) check(*s.phase >= 0 && static_cast<std::size_t>(*s.phase) < phases, "phase out of range");
  if (s.status == core::SessionStatus::lobby) check(!s.phase && !s.timer, "a lobby has a phase or a timer");
  if (s.status == core::SessionStatus::running) check(s.phase.has_value(), "a running session has no phase");
  if (s.timer) {
    const auto& t = *s.timer;
    check(t.deadline.has_value() != t.remaining_ms.has_value(), "a timer is neither running nor paused (or both)");
    check(t.duration_ms >= 0, "a timer has a negative duration");
    if (t.remaining_ms) check(*t.remaining_ms >= 0, "a paused timer has negative time left");
  }
  const auto& a = s.activity;
  if (a.active_poll) check(a.find_poll(*a.active_poll) != nullptr, "the active poll does not exist");
  check(a.poll_order.size() == a.polls.size(), "poll_order and polls disagree");
  for (const auto& id : a.poll_order) check(a.find_poll(id) != nullptr, "poll_order names a poll that does not exist");
  for (const auto& [phase, board] : a.boards) {
    check(phase >= 0 && static_cast<std::size_t>(phase) < phases, "a board belongs to no phase");
  }
}

}  // namespace huddle::fuzz

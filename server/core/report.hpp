#pragma once
// The session report a facilitator downloads during or after a session (GET /api/sessions/{code}/report):
// agenda with times, attendance, every poll's results, every card board, and participation per phase.
// Complete, unlike the live screens: every word of a word cloud, every open answer, every card.
// Pure: built from the state alone, so a report of a session replayed from the journal is the same report.
//
// Anonymous stays anonymous: polls appear as the facilitator's console shows them (names only in named
// polls), cards as the board shows them (no author exists to show), and cards still held back are counted,
// never shown.
#include <string>

#include <nlohmann/json.hpp>

#include "core/millis.hpp"
#include "core/session_state.hpp"

namespace huddle::core {

nlohmann::json session_report(const SessionState& state, Millis now);

// The same report as CSV (RFC 4180, one header row): one row per fact, with columns
// section, phase, title, item, detail, count, percent. Text fields are quoted, and a leading = + - @ is
// escaped with a quote so a spreadsheet never runs a participant's text as a formula.
std::string session_report_csv(const nlohmann::json& report);

}  // namespace huddle::core

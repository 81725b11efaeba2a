#pragma once
// A programme as GET /api/programmes lists it (protocol/PROGRAMMES.md), and as the facilitator's cohort
// view repeats it under "programme".
#include <nlohmann/json.hpp>

#include "core/programme/programme.hpp"

namespace huddle::core {

// {"id","title","description","language","reflections":"anonymous"|"named","pods":{"size","rotate"},
//  "managerChecklist":[...],"sessions":[{"session","title","scenario","mode","day","durationMinutes"}]}
nlohmann::json programme_listing(const Programme& programme);

}  // namespace huddle::core

#pragma once
// A fishbowl phase's settings, read from the scenario's activity (already validated by the scenario checker,
// scenario/fishbowl_checks.cpp, so reading here only fills defaults).
#include <string>

#include <nlohmann/json.hpp>

namespace huddle::core {

struct FishbowlSettings {
  std::string topic;
  int seats = 4;             // inner seats, not counting the empty chair
  bool empty_chair = false;  // one more seat anyone may take, in either seating mode
  bool volunteer = true;     // people take free seats themselves; false: the facilitator seats them
  bool named = false;        // observations show their author
  std::string prompt = "What did you notice?";

  static FishbowlSettings from_activity(const nlohmann::json& activity);
  // Inner seats plus the empty chair.
  int seat_count() const { return seats + (empty_chair ? 1 : 0); }
  // The empty chair's index (the last seat), or -1 when there is none.
  int empty_chair_index() const { return empty_chair ? seats : -1; }
};

}  // namespace huddle::core

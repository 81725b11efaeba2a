#pragma once
// The settings of each kind of activity, checked against scenarios/schema/scenario.schema.json and the
// rules scenarios/README.md adds. One file per kind: info_checks.cpp, poll_checks.cpp, cards_checks.cpp,
// roleplay_checks.cpp, fishbowl_checks.cpp. Each reports every problem it finds and returns nothing: the
// parser keeps the activity's settings as written (core::Phase::activity).
#include <string>

#include <nlohmann/json.hpp>

#include "scenario/field_checker.hpp"

namespace huddle::scenario {

// What an activity's rules depend on beyond the activity itself.
struct ActivityContext {
  bool pod = false;             // the scenario runs as a peer pod (mode "pod")
  bool after_roleplay = false;  // an earlier phase is a roleplay (forming "reuse" needs one)
};

// `activity` is an object whose "kind" has been checked; `at` is its pointer ("/phases/3/activity").
void check_info(FieldChecker& c, const nlohmann::json& activity, const std::string& at, const ActivityContext& context);
void check_poll(FieldChecker& c, const nlohmann::json& activity, const std::string& at, const ActivityContext& context);
void check_cards(FieldChecker& c, const nlohmann::json& activity, const std::string& at, const ActivityContext& context);
void check_roleplay(FieldChecker& c, const nlohmann::json& activity, const std::string& at,
                    const ActivityContext& context);
void check_fishbowl(FieldChecker& c, const nlohmann::json& activity, const std::string& at,
                    const ActivityContext& context);

}  // namespace huddle::scenario

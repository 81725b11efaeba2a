// Every scenario shipped in scenarios/ loads without a single error.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "core/breakouts/roleplay_settings.hpp"
#include "scenario/scenario_catalog.hpp"

namespace huddle::scenario {
namespace {

// The repository's root: HUDDLE_SOURCE_DIR as CTest sets it, or else found from this file's own path, so the
// test binary also runs on its own.
std::filesystem::path source_dir() {
  if (const char* source = std::getenv("HUDDLE_SOURCE_DIR")) return source;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
}

TEST(BundledScenarios, AllLoadCleanly) {
  const auto folder = source_dir() / "scenarios";
  ASSERT_TRUE(std::filesystem::is_directory(folder)) << folder << " (set HUDDLE_SOURCE_DIR)";
  std::vector<std::string> problems;
  ScenarioCatalog catalog(folder,
                          [&](const ScenarioError& e) { problems.push_back(e.describe()); });
  auto all = catalog.list();
  for (const auto& p : problems) ADD_FAILURE() << p;
  EXPECT_GE(all.size(), 5u);  // the five the README lists
  for (const auto& s : all) {
    EXPECT_FALSE(s->title.empty()) << s->id;
    EXPECT_FALSE(s->phases.empty()) << s->id;
  }
}

// A roleplay's settings are read once, at load, not on every push that shows a room: each roleplay phase
// carries them, and they say what the scenario file says.
TEST(BundledScenarios, RoleplayPhasesCarryTheirSettingsReadAtLoad) {
  ScenarioCatalog catalog(source_dir() / "scenarios", [](const ScenarioError& e) { ADD_FAILURE() << e.describe(); });
  int roleplays = 0;
  for (const auto& s : catalog.list()) {
    for (const auto& phase : s->phases) {
      if (phase.activity_kind != "roleplay") {
        EXPECT_EQ(phase.roleplay, nullptr) << s->id << ": " << phase.title;
        continue;
      }
      ++roleplays;
      ASSERT_NE(phase.roleplay, nullptr) << s->id << ": " << phase.title;
      const auto fresh = core::RoleplaySettings::from_activity(phase.activity);
      EXPECT_EQ(phase.roleplay->situation, fresh.situation) << s->id;
      EXPECT_EQ(phase.roleplay->rounds, fresh.rounds) << s->id;
      EXPECT_EQ(phase.roleplay->roles.size(), fresh.roles.size()) << s->id;
      EXPECT_EQ(phase.roleplay->timeline.size(), fresh.timeline.size()) << s->id;
    }
  }
  EXPECT_GE(roleplays, 2);
}

}  // namespace
}  // namespace huddle::scenario

// Every scenario shipped in scenarios/ loads without a single error.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "scenario/scenario_catalog.hpp"

namespace huddle::scenario {
namespace {

TEST(BundledScenarios, AllLoadCleanly) {
  const char* source = std::getenv("HUDDLE_SOURCE_DIR");
  ASSERT_NE(source, nullptr);
  std::vector<std::string> problems;
  ScenarioCatalog catalog(std::filesystem::path(source) / "scenarios",
                          [&](const ScenarioError& e) { problems.push_back(e.describe()); });
  auto all = catalog.list();
  for (const auto& p : problems) ADD_FAILURE() << p;
  EXPECT_GE(all.size(), 1u);
  for (const auto& s : all) {
    EXPECT_FALSE(s->title.empty()) << s->id;
    EXPECT_FALSE(s->phases.empty()) << s->id;
  }
}

}  // namespace
}  // namespace huddle::scenario

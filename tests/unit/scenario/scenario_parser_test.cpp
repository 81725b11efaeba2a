// Validation messages for broken scenario files: each names the place and what was expected.
#include "scenario/scenario_parser.hpp"

#include <gtest/gtest.h>

namespace huddle::scenario {
namespace {

const char* const good = R"({
  // comments are allowed
  "id": "demo", "title": "Demo", "description": "d", "competencies": ["listening"], "durationMinutes": 30,
  "phases": [ { "title": "Welcome", "notes": "Say hi", "activity": { "kind": "info", "text": "Hello" } } ]
})";

std::vector<ScenarioError> errors_of(std::string_view text, std::string_view file = "demo.json") {
  auto parsed = parse_scenario(text, file);
  EXPECT_TRUE(std::holds_alternative<std::vector<ScenarioError>>(parsed)) << text;
  return std::holds_alternative<std::vector<ScenarioError>>(parsed) ? std::get<std::vector<ScenarioError>>(parsed)
                                                                     : std::vector<ScenarioError>{};
}

TEST(ScenarioParser, ReadsAValidFileWithComments) {
  auto parsed = parse_scenario(good, "demo.json");
  ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const core::Scenario>>(parsed));
  auto s = std::get<std::shared_ptr<const core::Scenario>>(parsed);
  EXPECT_EQ(s->id, "demo");
  ASSERT_EQ(s->phases.size(), 1u);
  EXPECT_EQ(s->phases[0].activity_kind, "info");
  EXPECT_EQ(s->phases[0].notes, "Say hi");
  EXPECT_EQ(s->source, good);
  EXPECT_EQ(s->language, "en") << "a scenario that names no language is in English";
}

TEST(ScenarioParser, AScenarioCanSayWhichLanguageItIsWrittenIn) {
  std::string german = good;
  german.replace(german.find(R"("id")"), 4, R"("language": "de-CH", "id")");
  auto parsed = parse_scenario(german, "demo.json");
  ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const core::Scenario>>(parsed));
  EXPECT_EQ(std::get<std::shared_ptr<const core::Scenario>>(parsed)->language, "de-CH");
}

struct Broken {
  const char* what;
  std::string text;
  std::string pointer;
  std::string message_part;
};

TEST(ScenarioParser, TableOfBrokenFiles) {
  const std::string base_start = R"({"id":"demo","title":"Demo","phases":[)";
  const std::vector<Broken> table{
      {"missing title", R"({"id":"demo","phases":[{"title":"a","activity":{"kind":"info"}}]})", "/title", "missing"},
      {"id not matching file", R"({"id":"other","title":"t","phases":[{"title":"a","activity":{"kind":"info"}}]})", "/id", "demo.json"},
      {"bad id characters", R"({"id":"Demo Scenario","title":"t","phases":[{"title":"a","activity":{"kind":"info"}}]})", "/id", "lower-case"},
      {"no phases", R"({"id":"demo","title":"t","phases":[]})", "/phases", "at least one phase"},
      {"phases not an array", R"({"id":"demo","title":"t","phases":{}})", "/phases", "array"},
      {"phase without activity", base_start + R"({"title":"a"}]})", "/phases/0/activity", "missing"},
      {"unknown activity", base_start + R"({"title":"a","activity":{"kind":"quiz"}}]})", "/phases/0/activity/kind", "quiz"},
      {"negative duration", base_start + R"({"title":"a","durationSeconds":-5,"activity":{"kind":"info"}}]})", "/phases/0/durationSeconds", "1 to 86400"},
      {"title wrong type", base_start + R"({"title":3,"activity":{"kind":"info"}}]})", "/phases/0/title", "string"},
      {"bad mode", R"({"id":"demo","title":"t","mode":"solo","phases":[{"title":"a","activity":{"kind":"info"}}]})", "/mode", "pod"},
      {"language not a tag", R"({"id":"demo","title":"t","language":"English","phases":[{"title":"a","activity":{"kind":"info"}}]})", "/language", "BCP 47"},
      {"language with an underscore", R"({"id":"demo","title":"t","language":"pt_BR","phases":[{"title":"a","activity":{"kind":"info"}}]})", "/language", "\"pt_BR\""},
      {"language not a string", R"({"id":"demo","title":"t","language":7,"phases":[{"title":"a","activity":{"kind":"info"}}]})", "/language", "the number 7"},
  };
  for (const auto& row : table) {
    auto errors = errors_of(row.text);
    ASSERT_FALSE(errors.empty()) << row.what;
    bool found = false;
    for (const auto& e : errors) {
      found = found || (e.pointer == row.pointer && e.message.find(row.message_part) != std::string::npos);
    }
    EXPECT_TRUE(found) << row.what << ": got " << errors[0].describe();
    EXPECT_EQ(errors[0].file, "demo.json");
  }
}

TEST(ScenarioParser, SyntaxErrorsGiveLineAndColumn) {
  auto errors = errors_of("{\n  \"id\": \"demo\",\n  \"title\": oops\n}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_GT(errors[0].column, 1);
  EXPECT_NE(errors[0].describe().find("demo.json:3:"), std::string::npos) << errors[0].describe();
}

TEST(ScenarioParser, ReportsEveryProblemNotJustTheFirst) {
  auto errors = errors_of(R"({"id":"demo","phases":[{"activity":{"kind":"x"}}]})");
  EXPECT_GE(errors.size(), 3u);  // title, phase title, activity kind
}

}  // namespace
}  // namespace huddle::scenario

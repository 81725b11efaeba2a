// The programmes folder as the server and `huddle check-scenarios` see it: the bundled programme loads, a
// broken one is named with its place, and a programme whose scenario goes away stops being offered.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "scenario/check_folder.hpp"
#include "scenario/programme_catalog.hpp"
#include "scenario/programme_parser.hpp"

namespace huddle::scenario {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
  if (const char* source = std::getenv("HUDDLE_SOURCE_DIR")) return source;
  return fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
}

// A scratch scenarios folder with one real scenario and a programmes folder, removed at the end.
class ScratchFolder {
 public:
  ScratchFolder() : dir_(fs::temp_directory_path() / ("huddle-programmes-" + std::to_string(std::random_device{}()))) {
    fs::create_directories(dir_ / "programmes");
    fs::copy_file(source_dir() / "scenarios" / "first-time-manager.json", dir_ / "first-time-manager.json");
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const fs::path& dir() const { return dir_; }
  void write(const fs::path& relative, const std::string& text) const { std::ofstream(dir_ / relative) << text; }

 private:
  fs::path dir_;
};

const std::string one_week = R"({
  "id": "one-week", "title": "One week", "description": "Two sessions a week apart.",
  "managerChecklist": ["Asks a question before advising"],
  "sessions": [
    {"scenario": "first-time-manager", "day": 0,
     "task": {"title": "Ask first", "text": "Ask two open questions in a 1:1.", "dueDays": 7,
              "bringBack": {"rating": ["running 1:1s"]}}},
    {"scenario": "first-time-manager", "day": 7}
  ]
})";

TEST(BundledProgramme, LoadsAgainstTheBundledScenarios) {
  const auto folder = source_dir() / "scenarios";
  ASSERT_TRUE(fs::is_directory(folder)) << folder << " (set HUDDLE_SOURCE_DIR)";
  std::vector<std::string> problems;
  const auto sink = [&](const ScenarioError& e) { problems.push_back(e.describe()); };
  ScenarioCatalog scenarios(folder, sink);
  ProgrammeCatalog programmes(folder / "programmes", scenarios, sink);
  auto p = programmes.find("first-time-manager-6-weeks");
  for (const auto& problem : problems) ADD_FAILURE() << problem;
  ASSERT_TRUE(p);

  // What the README promises of it: six weekly sessions, a pod week, a repeated scenario whose confidence
  // poll the report compares, every kind of bring-back, both kinds of refresher, a short manager checklist.
  ASSERT_EQ(p->sessions.size(), 6u);
  for (std::size_t i = 0; i < p->sessions.size(); ++i) EXPECT_EQ(p->sessions[i].day, static_cast<int>(7 * i));
  EXPECT_EQ(scenarios.find(p->sessions[2].scenario)->mode, "pod");
  EXPECT_EQ(p->sessions[1].scenario, p->sessions[4].scenario);
  bool text = false, rating = false, yes_no = false, poll = false, card = false;
  for (const auto& session : p->sessions) {
    ASSERT_TRUE(session.task) << session.title;
    text = text || !session.task->text_prompt.empty();
    rating = rating || !session.task->competencies.empty();
    yes_no = yes_no || !session.task->yes_no_question.empty();
    if (session.refresher) (session.refresher->is_poll() ? poll : card) = true;
  }
  EXPECT_TRUE(text && rating && yes_no);
  EXPECT_TRUE(poll && card);
  EXPECT_GE(p->manager_checklist.size(), 4u);
  EXPECT_LE(p->manager_checklist.size(), 6u);
  EXPECT_TRUE(p->anonymous_reflections);
  EXPECT_EQ(p->pod_size, 4);
  EXPECT_FALSE(p->rotate_pods);
}

// A facilitator starts from the README's example: it must be a valid programme as printed.
TEST(BundledProgramme, TheReadmeExampleIsValid) {
  std::ifstream in(source_dir() / "scenarios" / "README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  const std::string text = readme.str();
  const auto section = text.find("\n## Programmes\n");
  ASSERT_NE(section, std::string::npos);
  const auto start = text.find("```jsonc\n", section);
  ASSERT_NE(start, std::string::npos);
  const auto end = text.find("```", start + 9);
  const std::string example = text.substr(start + 9, end - start - 9);

  ScenarioCatalog scenarios(source_dir() / "scenarios", [](const ScenarioError& e) { ADD_FAILURE() << e.describe(); });
  auto parsed = parse_programme(example, "feedback-three-weeks.json", ScenarioLookup::of(scenarios.list()));
  if (auto* errors = std::get_if<std::vector<ScenarioError>>(&parsed)) {
    for (const auto& e : *errors) ADD_FAILURE() << e.describe();
  }
}

TEST(CheckFolder, AcceptsTheBundledScenariosAndProgramme) {
  std::ostringstream out, err;
  EXPECT_EQ(check_folder(source_dir() / "scenarios", out, err), 0) << err.str();
  EXPECT_EQ(err.str(), "");
  EXPECT_NE(out.str().find("5 valid scenario(s), 1 valid programme(s), 0 error(s) in "), std::string::npos) << out.str();
}

TEST(CheckFolder, NamesTheFilePlaceAndProblemOfABrokenProgramme) {
  ScratchFolder scratch;
  std::string broken = one_week;
  broken.replace(broken.find("\"scenario\": \"first-time-manager\", \"day\": 7"), 32, "\"scenario\": \"first-time-mgr\"");
  scratch.write("programmes/one-week.json", broken);
  std::ostringstream out, err;
  EXPECT_NE(check_folder(scratch.dir(), out, err), 0);
  EXPECT_EQ(err.str(), "programmes/one-week.json:8:18: /sessions/1/scenario: no scenario 'first-time-mgr' in this folder "
                       "(scenarios: first-time-manager)\n");
  EXPECT_NE(out.str().find("1 valid scenario(s), 0 valid programme(s), 1 error(s)"), std::string::npos) << out.str();
}

TEST(CheckFolder, AFolderWithoutProgrammesIsStillChecked) {
  ScratchFolder scratch;
  fs::remove(scratch.dir() / "programmes");
  std::ostringstream out, err;
  EXPECT_EQ(check_folder(scratch.dir(), out, err), 0) << err.str();
  EXPECT_NE(out.str().find("1 valid scenario(s), 0 valid programme(s), 0 error(s)"), std::string::npos) << out.str();
}

TEST(ProgrammeCatalog, AProgrammeWhoseScenarioGoesAwayStopsBeingOfferedAndComesBack) {
  ScratchFolder scratch;
  scratch.write("programmes/one-week.json", one_week);
  std::vector<std::string> problems;
  const auto sink = [&](const ScenarioError& e) { problems.push_back(e.describe()); };
  ScenarioCatalog scenarios(scratch.dir(), sink);
  ProgrammeCatalog programmes(scratch.dir() / "programmes", scenarios, sink);
  ASSERT_TRUE(programmes.find("one-week"));
  EXPECT_TRUE(problems.empty());

  fs::rename(scratch.dir() / "first-time-manager.json", scratch.dir() / "first-time-manager.json.old");
  EXPECT_FALSE(programmes.find("one-week"));
  ASSERT_EQ(problems.size(), 2u) << "both sessions name the scenario that went";
  EXPECT_NE(problems[0].find("/sessions/0/scenario: no scenario 'first-time-manager'"), std::string::npos) << problems[0];
  EXPECT_TRUE(programmes.list().empty());
  EXPECT_EQ(problems.size(), 2u) << "a file still wrong in the same way is reported once";

  fs::rename(scratch.dir() / "first-time-manager.json.old", scratch.dir() / "first-time-manager.json");
  EXPECT_TRUE(programmes.find("one-week"));
  EXPECT_EQ(problems.size(), 2u);
}

TEST(ProgrammeCatalog, SeesAProgrammeEditedAddedOrRemoved) {
  ScratchFolder scratch;
  ScenarioCatalog scenarios(scratch.dir(), [](const ScenarioError& e) { ADD_FAILURE() << e.describe(); });
  std::vector<std::string> problems;
  ProgrammeCatalog programmes(scratch.dir() / "programmes", scenarios,
                              [&](const ScenarioError& e) { problems.push_back(e.describe()); });
  EXPECT_TRUE(programmes.list().empty());

  scratch.write("programmes/one-week.json", one_week);
  ASSERT_EQ(programmes.list().size(), 1u);
  EXPECT_EQ(programmes.find("one-week")->title, "One week");

  std::string renamed = one_week;
  renamed.replace(renamed.find("\"One week\""), 10, "\"A week of practice\"");
  scratch.write("programmes/one-week.json", renamed);
  EXPECT_EQ(programmes.find("one-week")->title, "A week of practice");

  scratch.write("programmes/one-week.json", "{ \"id\": ");
  EXPECT_FALSE(programmes.find("one-week"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("one-week.json:1:"), std::string::npos) << problems[0];

  fs::remove(scratch.dir() / "programmes" / "one-week.json");
  EXPECT_TRUE(programmes.list().empty());
}

}  // namespace
}  // namespace huddle::scenario

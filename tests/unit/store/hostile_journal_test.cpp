// A journal whose JSON is well formed but whose values no session could have written (a bit flip, a foreign
// or crafted file) is refused with a message when replayed, never rebuilt into a session that crashes or
// misbehaves. Every reproducer the journal fuzzer found (tests/fuzz/regressions/journal, README "Findings")
// runs here in CI, under the sanitizers too.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/replay.hpp"
#include "core/views.hpp"
#include "store/event_json.hpp"

namespace huddle::store {
namespace {

namespace fs = std::filesystem;

// Decodes and replays a journal given as JSON lines, as SqliteJournal::read() and Hub::recover() do.
core::SessionState replay_lines(const std::vector<std::string>& lines) {
  std::vector<core::Event> events;
  for (const auto& line : lines) events.push_back(event_from_json(nlohmann::json::parse(line)));
  return core::replay(events);
}

std::vector<std::string> lines_of(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// The reason the journal is refused, or "" when it replays.
std::string refusal(const std::vector<std::string>& lines) {
  try {
    (void)replay_lines(lines);
    return "";
  } catch (const CorruptEvent& e) {
    return std::string("corrupt event: ") + e.what();
  } catch (const core::ReplayError& e) {
    return std::string("cannot replay: ") + e.what();
  }
}

const std::string created =
    R"({"type":"session.created","code":"FUZZ01","facilitatorKeyHash":"h","scenario":"{\"id\":\"rr\",\"title\":\"R\",)"
    R"(\"description\":\"d\",\"competencies\":[],\"durationMinutes\":5,\"phases\":[{\"title\":\"A\",\"notes\":\"\",)"
    R"(\"durationSeconds\":30,\"activity\":{\"kind\":\"info\",\"text\":\"x\"}}]}","maxParticipants":5,"at":1})";

TEST(HostileJournal, EveryFuzzerFindingIsRefusedWithAReason) {
  const fs::path dir = fs::path(HUDDLE_SOURCE_DIR) / "tests" / "fuzz" / "regressions" / "journal";
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++files;
    const auto why = refusal(lines_of(entry.path()));
    EXPECT_FALSE(why.empty()) << entry.path().filename() << " was replayed instead of refused";
  }
  EXPECT_GE(files, 10u) << "the reproducers were not found in " << dir;
}

TEST(HostileJournal, APhaseTheScenarioLacksIsNamed) {
  EXPECT_EQ(refusal({created, R"({"type":"phase.changed","phase":1,"at":2})"}),
            "cannot replay: event 2 of 2: phase.changed to phase 1, which the scenario does not have");
  // 2^32 would wrap to phase 0 if it were cast instead of checked.
  EXPECT_EQ(refusal({created, R"({"type":"phase.changed","phase":4294967296,"at":2})"}),
            "corrupt event: a stored event has a bad 'phase'");
  EXPECT_EQ(refusal({created, R"({"type":"phase.changed","phase":-1,"at":2})"}),
            "corrupt event: a stored event has an impossible 'phase'");
}

TEST(HostileJournal, ASecondCreationOrNoneAtAllIsRefused) {
  EXPECT_EQ(refusal({created, created}), "cannot replay: event 2 of 2: a second session.created");
  EXPECT_EQ(refusal({R"({"type":"phase.changed","phase":0,"at":2})"}),
            "cannot replay: event 1 of 1: the journal does not begin with session.created");
}

TEST(HostileJournal, NumbersOutsideWhatTheRulesAllowAreRefused) {
  EXPECT_EQ(refusal({created, R"({"type":"timer.paused","at":-1})"}), "corrupt event: a stored event has an impossible 'at'");
  EXPECT_EQ(refusal({created, R"({"type":"timer.paused","at":9223372036854775807})"}),
            "corrupt event: a stored event has an impossible 'at'");
  EXPECT_EQ(refusal({created, R"({"type":"session.ended","at":1e300})"}), "corrupt event: a stored event has a bad 'at'");
  EXPECT_EQ(refusal({created, R"({"type":"session.ended","at":2.0})"}), "corrupt event: a stored event has a bad 'at'");
  EXPECT_EQ(refusal({created, R"({"type":"timer.extended","byMs":3600001,"at":3})"}),
            "corrupt event: a stored event has an impossible 'byMs'");
  EXPECT_EQ(refusal({created, R"({"type":"presence.changed","participantId":"p-1","delta":2})"}),
            "corrupt event: a stored event has an impossible 'delta'");
  EXPECT_EQ(refusal({created, R"({"type":"ballot.cast","pollId":"poll-0","voterKey":"k","ballot":{"choices":[0,4294967296]},"voterName":null})"}),
            "corrupt event: a stored event has a bad 'choices'");
}

TEST(HostileJournal, AQuickPollBeyondThePollRulesIsRefused) {
  const std::string launched =
      R"({"type":"poll.launched","pollId":"quick-1","settings":{"anonymous":true,"kind":"scale","maxChoices":1,)"
      R"("maxEntries":0,"maxLength":0,"options":[],"question":"Q","resultsLive":true,"scale":{"min":1,"max":MAX,)"
      R"("minLabel":"Low","maxLabel":"High"},"timerSeconds":null},"at":2})";
  auto with_max = [&](const std::string& max) {
    std::string s = launched;
    s.replace(s.find("MAX"), 3, max);
    return s;
  };
  EXPECT_EQ(refusal({created, with_max("5")}), "");
  EXPECT_NE(refusal({created, with_max("2147483647")}).find("a stored quick poll breaks the poll rules: "), std::string::npos);
  EXPECT_NE(refusal({created, with_max("0")}).find("a stored quick poll breaks the poll rules: "), std::string::npos);
}

TEST(HostileJournal, AJournalTheRulesWroteStillReplays) {
  const auto state = replay_lines({created, R"({"type":"phase.changed","phase":0,"at":2})",
                                   R"({"type":"timer.extended","byMs":-3600000,"at":3})",
                                   R"({"type":"phase.changed","phase":null,"at":4})"});
  ASSERT_TRUE(state.scenario);
  EXPECT_EQ(state.status, core::SessionStatus::running);
  EXPECT_FALSE(state.phase.has_value());
}

}  // namespace
}  // namespace huddle::store

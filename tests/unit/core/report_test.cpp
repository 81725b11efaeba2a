// The session report: agenda with real times, attendance, every poll and board, participation, and a CSV
// form that a spreadsheet opens safely. Anonymous content stays anonymous in both.
#include <gtest/gtest.h>

#include "core/report.hpp"

#include <string>
#include <vector>

#include "core/polls/poll_limits.hpp"
#include "core/polls/poll_views.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

class Report : public test::SessionFixture {
 protected:
  void SetUp() override {
    SessionFixture::SetUp();
    join("p1", "Dana");
    join("p2", "Sam");
    join("p3", "=HYPERLINK(\"x\")");  // a name a spreadsheet would run
    run(Actor::facilitator(), GotoPhase{1});
    run(Actor::participant("p1"), CastBallot{"poll-1", "a-1", {{"choice", 1}}});
    run(Actor::participant("p2"), CastBallot{"poll-1", "a-2", {{"choice", 1}}});
    now += 90'000;
    run(Actor::facilitator(), GotoPhase{2});
    for (const char* who : {"p1", "p2", "p3"}) {
      run(Actor::participant(who), SubmitCard{std::string("c-00000000000") + who[1], std::string("Secret worry of ") + who, 0, 3, 9});
    }
    now += 30'000;
    run(Actor::facilitator(), RemoveParticipant{"p2"});
    run(Actor::facilitator(), EndSession{});
  }
};

TEST_F(Report, TheAgendaShowsWhenEachPhaseRanAndForHowLong) {
  const json r = session_report(state, now);
  EXPECT_EQ(r["status"], "ended");
  const json& poll_phase = r["agenda"][1];
  EXPECT_EQ(poll_phase["plannedSeconds"], 120);
  ASSERT_EQ(poll_phase["visits"].size(), 1u);
  EXPECT_EQ(poll_phase["visits"][0]["seconds"], 90);
  EXPECT_EQ(r["agenda"][2]["visits"][0]["seconds"], 30) << "the last phase lasts until the session ended";
  EXPECT_TRUE(r["agenda"][0]["visits"].empty());
}

TEST_F(Report, AttendanceCountsEveryoneWhoCameAndWhoWasRemoved) {
  const json a = session_report(state, now)["attendance"];
  EXPECT_EQ(a["joined"], 3);
  EXPECT_EQ(a["stillIn"], 2);
  EXPECT_EQ(a["participants"][1]["name"], "Sam");
  EXPECT_EQ(a["participants"][1]["removed"], true);
  EXPECT_FALSE(a["participants"][1]["leftAt"].is_null());
}

TEST_F(Report, PollsBoardsAndParticipationAreAllThere) {
  const json r = session_report(state, now);
  ASSERT_EQ(r["polls"].size(), 1u);
  EXPECT_EQ(r["polls"][0]["results"]["options"][1]["count"], 2);
  EXPECT_EQ(r["polls"][0]["participation"], 66.7);
  ASSERT_EQ(r["boards"].size(), 1u);
  EXPECT_EQ(r["boards"][0]["cards"].size(), 3u);
  EXPECT_EQ(r["boards"][0]["heldBack"], 0);
  EXPECT_EQ(r["participation"][0]["people"], 2);
  EXPECT_EQ(r["participation"][1]["cards"], 3);
}

TEST_F(Report, AnonymousAnswersAndCardsNameNobody) {
  const json r = session_report(state, now);
  EXPECT_FALSE(r["polls"][0].contains("answers"));
  // Names appear in attendance only: no row or object pairs a name with an answer or a card.
  for (const auto& row : {r["polls"].dump(), r["boards"].dump()}) {
    for (const char* name : {"Dana", "Sam", "HYPERLINK"}) EXPECT_EQ(row.find(name), std::string::npos) << name;
  }
  const std::string csv = session_report_csv(r);
  std::size_t pos = 0;
  while ((pos = csv.find("Secret worry", pos)) != std::string::npos) {
    const std::string line = csv.substr(csv.rfind('\n', pos) + 1, csv.find('\n', pos) - csv.rfind('\n', pos));
    for (const char* name : {"Dana", "Sam", "HYPERLINK"}) EXPECT_EQ(line.find(name), std::string::npos) << line;
    ++pos;
  }
}

TEST_F(Report, TheCsvHasOneHeaderAndDefusesFormulas) {
  const std::string csv = session_report_csv(session_report(state, now));
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")), "section,phase,title,item,detail,count,percent");
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",\"=HYPERLINK"), std::string::npos);
  EXPECT_NE(csv.find("poll,1,\"Tea or coffee?\",\"poll-1\",\"Coffee\",2,100.0"), std::string::npos) << csv;
}

class NamedReport : public test::SessionFixture {};

TEST_F(NamedReport, ANamedPollReportsWhoAnsweredWhat) {
  join("p1", "Dana");
  run(Actor::facilitator(), GotoPhase{1});
  ASSERT_TRUE(run(Actor::facilitator(), ControlPoll{"poll-1", PollAction::named}).ok());
  ASSERT_TRUE(run(Actor::participant("p1"), CastBallot{"poll-1", "a-1", {{"choice", 0}}}).ok());
  const json r = session_report(state, now);
  ASSERT_EQ(r["polls"][0]["answers"].size(), 1u);
  EXPECT_EQ(r["polls"][0]["answers"][0]["name"], "Dana");
  EXPECT_NE(session_report_csv(r).find("poll answer,1,\"Tea or coffee?\",\"Dana\""), std::string::npos);
}

// A big room: more distinct words and more open answers than any live screen shows. The live pages show the
// top; the report a facilitator downloads must hold every mention and every answer, in JSON and in CSV.
class BigReport : public test::SessionFixture {
 protected:
  static constexpr int voters = 45;
  static constexpr int words_each = 5;    // plus "common" from everyone
  static constexpr int answers_each = 5;  // 225 answers: more than the 100 shown and the console's 200

  void SetUp() override {
    SessionFixture::SetUp();
    for (int v = 0; v < voters; ++v) join("p" + std::to_string(v), "Person " + std::to_string(v));
    ASSERT_TRUE(run(Actor::facilitator(), LaunchQuickPoll{{{"pollKind", "wordcloud"}, {"question", "A word?"},
                                                           {"maxEntries", 10}}}).ok());
    for (int v = 0; v < voters; ++v) {
      json words = {"common"};
      for (int w = 0; w < words_each; ++w) words.push_back("w" + std::to_string(v * words_each + w));
      ASSERT_TRUE(run(Actor::participant("p" + std::to_string(v)),
                      CastBallot{"quick-1", "k-" + std::to_string(v), {{"words", words}}}).ok());
    }
    ASSERT_TRUE(run(Actor::facilitator(), LaunchQuickPoll{{{"pollKind", "open"}, {"question", "An answer?"},
                                                           {"maxEntries", 10}}}).ok());
    for (int v = 0; v < voters; ++v) {
      json texts = json::array();
      for (int a = 0; a < answers_each; ++a) texts.push_back("answer " + std::to_string(v * answers_each + a));
      ASSERT_TRUE(run(Actor::participant("p" + std::to_string(v)),
                      CastBallot{"quick-2", "o-" + std::to_string(v), {{"texts", texts}}}).ok());
    }
  }

  // The CSV rows of one poll, each split at its commas (no test text holds one).
  static std::vector<std::vector<std::string>> csv_rows(const std::string& csv, const std::string& poll_id) {
    std::vector<std::vector<std::string>> rows;
    std::size_t start = 0;
    for (std::size_t end; (end = csv.find("\r\n", start)) != std::string::npos; start = end + 2) {
      const std::string line = csv.substr(start, end - start);
      if (line.rfind("poll,", 0) != 0 || line.find(",\"" + poll_id + "\",") == std::string::npos) continue;
      std::vector<std::string> fields;
      std::size_t from = 0;
      for (std::size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1) {
        fields.push_back(line.substr(from, comma - from));
      }
      fields.push_back(line.substr(from));
      rows.push_back(std::move(fields));
    }
    return rows;
  }
};

TEST_F(BigReport, EveryWordCloudMentionIsInTheJsonAndTheCsv) {
  const std::size_t mentions = voters * (words_each + 1);
  const json r = session_report(state, now);
  const json& results = r["polls"][0]["results"];
  ASSERT_EQ(r["polls"][0]["pollId"], "quick-1");
  EXPECT_EQ(results["words"].size(), static_cast<std::size_t>(voters * words_each + 1));
  std::size_t in_json = 0;
  for (const auto& w : results["words"]) in_json += w["count"].get<std::size_t>();
  EXPECT_EQ(in_json, mentions);
  EXPECT_EQ(results["otherWords"], 0);

  const auto rows = csv_rows(session_report_csv(r), "quick-1");
  EXPECT_EQ(rows.size(), static_cast<std::size_t>(voters * words_each + 1));
  std::size_t in_csv = 0;
  for (const auto& row : rows) in_csv += std::stoul(row.at(5));
  EXPECT_EQ(in_csv, mentions);
}

TEST_F(BigReport, EveryOpenAnswerIsInTheJsonAndTheCsv) {
  const std::size_t answers = voters * answers_each;
  const json r = session_report(state, now);
  const json& results = r["polls"][1]["results"];
  EXPECT_EQ(results["textCount"], answers);
  EXPECT_EQ(results["texts"].size(), answers);
  const std::string csv = session_report_csv(r);
  EXPECT_EQ(csv_rows(csv, "quick-2").size(), answers);
  for (std::size_t a = 0; a < answers; ++a) {
    EXPECT_NE(csv.find(",\"answer " + std::to_string(a) + "\","), std::string::npos) << a;
  }
}

TEST_F(BigReport, TheLiveScreensStillShowOnlyTheTopWords) {
  // The cap protects every push; the report's completeness must not widen it.
  const json results = poll_console_view(state.activity.find_poll("quick-1")->poll)["results"];
  const std::size_t left_out = voters * words_each + 1 - wordcloud_top_words;
  EXPECT_EQ(results["words"].size(), wordcloud_top_words);
  EXPECT_EQ(results["otherWords"], left_out);
  EXPECT_EQ(results["otherMentions"], left_out) << "each left-out word was given once";
}

}  // namespace
}  // namespace huddle::core

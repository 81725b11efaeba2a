// The session report: agenda with real times, attendance, every poll and board, participation, and a CSV
// form that a spreadsheet opens safely. Anonymous content stays anonymous in both.
#include <gtest/gtest.h>

#include "core/report.hpp"
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

}  // namespace
}  // namespace huddle::core

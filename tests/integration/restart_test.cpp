// A server restart on the same SQLite journal: the session, its phase, every participant's seat, their
// anonymous ballot and the card board all come back, under a new epoch so clients take fresh snapshots.
#include <gtest/gtest.h>

#include "data_folder.hpp"
#include "store/sqlite_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

TEST(Restart, ASessionComesBackWithItsPhaseSeatsBallotsAndCards) {
  const DataFolder data;
  std::string code, key, epoch;
  std::vector<std::string> tokens;
  {
    store::SqliteJournal journal(data.journal(), store::Durability::full);
    TestServer server({}, &journal);
    WsTestClient console(server.port());
    console.hello();
    auto created = console.request({{"type", "session.create"}, {"scenario", "activities"}});
    code = created["result"]["code"];
    key = created["result"]["facilitatorKey"];
    std::vector<std::unique_ptr<WsTestClient>> people;
    for (const char* name : {"Ana", "Ben", "Cy"}) {
      people.push_back(std::make_unique<WsTestClient>(server.port()));
      people.back()->hello();
      tokens.push_back(people.back()->request({{"type", "join"}, {"code", code}, {"name", name}})["result"]["resumeToken"]);
    }
    ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
    ASSERT_EQ(people[0]->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 2}}}})["type"], "ack");
    ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 3}})["type"], "ack");
    for (auto& p : people) {
      ASSERT_EQ(p->request({{"type", "card.submit"}, {"text", "What do I do when the budget is cut?"}})["type"], "ack");
    }
    epoch = people[0]->wait_for([](const json& f) { return f["type"] == "state"; })["epoch"];
  }

  store::SqliteJournal journal(data.journal(), store::Durability::full);
  TestServer server({}, &journal);
  WsTestClient ana(server.port());
  ana.hello();
  auto resumed = ana.request({{"type", "resume"}, {"code", code}, {"resumeToken", tokens[0]}});
  ASSERT_EQ(resumed["type"], "ack") << resumed.dump();
  EXPECT_EQ(resumed["result"]["name"], "Ana");
  const json session = ana.wait_topic("session", [](const json&) { return true; });
  EXPECT_EQ(session["phase"]["index"], 3);
  EXPECT_EQ(session["participantCount"], 3);
  const json board = ana.wait_topic("activity", [](const json& d) { return !d["board"].is_null(); })["board"];
  EXPECT_EQ(board["cards"].size(), 3u);

  WsTestClient console(server.port());
  console.hello();
  ASSERT_EQ(console.request({{"type", "facilitator.attach"}, {"code", code}, {"facilitatorKey", key}})["type"], "ack");
  const json polls = console.wait_topic("console", [](const json&) { return true; })["polls"];
  ASSERT_EQ(polls.size(), 1u);
  EXPECT_EQ(polls[0]["voterCount"], 1);
  ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  const json me = ana.wait_topic("me", [](const json& d) { return !d["ballot"].is_null(); });
  EXPECT_EQ(me["ballot"]["ballot"], (json{{"choice", 2}})) << "Ana's anonymous ballot is still hers";
  for (const auto& text : ana.transcript) {
    const json frame = json::parse(text);
    if (frame["type"] == "state") {
      EXPECT_NE(frame["epoch"], epoch) << "a reloaded session starts a new epoch";
    }
  }
}

// A journal the rules could not have written (here a phase the scenario lacks, as a bit flip would make)
// stops the restart with a message naming the session and the event, instead of hosting a broken session.
TEST(Restart, AJournalTheRulesCouldNotHaveWrittenStopsTheStartWithTheSessionNamed) {
  const DataFolder data;
  std::string code;
  {
    store::SqliteJournal journal(data.journal(), store::Durability::full);
    TestServer server({}, &journal);
    WsTestClient console(server.port());
    console.hello();
    code = console.request({{"type", "session.create"}, {"scenario", "activities"}})["result"]["code"];
    ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
    ASSERT_FALSE(journal.append(code, {core::PhaseChanged{7, 1'000}}));  // the activities scenario has 4 phases
  }
  store::SqliteJournal journal(data.journal(), store::Durability::full);
  try {
    TestServer server({}, &journal);
    ADD_FAILURE() << "the server started on a session it cannot rebuild";
  } catch (const std::exception& e) {
    EXPECT_EQ(std::string(e.what()),
              "session " + code + ": event 3: phase.changed to phase 7, which the scenario does not have");
  }
}

}  // namespace
}  // namespace huddle::test

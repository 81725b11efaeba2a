// Anonymity against a participant who plays the rules (issue 15 item 7), through a live SessionHost without
// sockets: the K-writer rule for cards and anonymous fishbowl observations cannot be filled by one person
// under several identities, and a poll switched from named to anonymous keeps no participant id or name.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/replay.hpp"
#include "core/rules.hpp"
#include "hub/secrets.hpp"
#include "hub/session_host.hpp"
#include "store/event_json.hpp"
#include "core/views.hpp"
#include "scenario/scenario_parser.hpp"
#include "store/memory_journal.hpp"
#include "store/sqlite_journal.hpp"
#include "support/fake_client.hpp"
#include "support/live_session_fixture.hpp"
#include "support/test_scenario.hpp"

namespace huddle::hub {
namespace {

using test::FakeClient;

constexpr int poll_phase = 1;
constexpr int cards_phase = 2;      // releaseThreshold 3
constexpr int fishbowl_phase = 3;   // anonymous observations, two inner seats and the empty chair

class AnonymityTest : public test::LiveSessionFixture {
 protected:
  void SetUp() override { start(test::fishbowl_scenario()); }
  // Joins on `c` (a new connection unless given), expecting success, and returns it.
  std::shared_ptr<FakeClient> joined(const std::string& name, std::shared_ptr<FakeClient> c = nullptr) {
    c = LiveSessionFixture::joined(name, std::move(c));
    EXPECT_EQ(c->replies.back()["type"], "ack") << c->replies.back();
    return c;
  }
  nlohmann::json console() const { return facilitator->latest(Topic::console)["data"]; }
  static std::string id_of(const std::shared_ptr<FakeClient>& c) { return c->replies.back()["result"]["participantId"]; }
};

// --- Cards ---------------------------------------------------------------------------------------------------

TEST_F(AnonymityTest, OnePersonLeavingAndJoiningAgainOnOneConnectionIsNeverTwoCardWriters) {
  request(facilitator, protocol::PhaseGoto{cards_phase});
  auto victim = joined("Victim");
  ASSERT_EQ(request(victim, protocol::CardSubmit{"What does the new rota mean for me?"})["type"], "ack");
  auto mallory = joined("Mallory");
  ASSERT_EQ(request(mallory, protocol::CardSubmit{"Decoy one"})["type"], "ack");
  ASSERT_EQ(request(mallory, protocol::Leave{})["type"], "ack");
  joined("Mallory again", mallory);  // the same connection, a new participant id
  ASSERT_EQ(request(mallory, protocol::CardSubmit{"Decoy two"})["type"], "ack");

  // Three cards from "three people", two of them one person: the victim's card must stay hidden.
  EXPECT_EQ(console()["board"]["waiting"], 3);
  EXPECT_TRUE(console()["board"]["cards"].empty());
  EXPECT_EQ(request(facilitator, protocol::CardRelease{false})["code"], "phase_invalid");

  // A third real person lets the pen go, all four cards together.
  auto sam = joined("Sam");
  ASSERT_EQ(request(sam, protocol::CardSubmit{"Who approves leave now?"})["type"], "ack");
  EXPECT_EQ(console()["board"]["waiting"], 0);
  EXPECT_EQ(console()["board"]["cards"].size(), 4u);
}

TEST_F(AnonymityTest, IdentitiesWhoseConnectionsClosedDoNotFillTheOtherCardWriterPlaces) {
  request(facilitator, protocol::PhaseGoto{cards_phase});
  auto victim = joined("Victim");
  request(victim, protocol::CardSubmit{"What does the new rota mean for me?"});
  for (const char* name : {"Sybil one", "Sybil two"}) {  // no leave: the socket just closes, a new one joins
    auto sybil = joined(name);
    ASSERT_EQ(request(sybil, protocol::CardSubmit{std::string("Decoy from ") + name})["type"], "ack");
    host->detach(sybil);
    drain();
  }
  EXPECT_EQ(console()["board"]["waiting"], 3);
  EXPECT_TRUE(console()["board"]["cards"].empty());
}

TEST_F(AnonymityTest, AWriterWhoComesBackCountsAgain) {
  request(facilitator, protocol::PhaseGoto{cards_phase});
  auto dana = joined("Dana");
  const std::string token = dana->replies.back()["result"]["resumeToken"];
  request(dana, protocol::CardSubmit{"Dana's question"});
  host->detach(dana);  // her phone slept
  drain();
  request(joined("Sam"), protocol::CardSubmit{"Sam's question"});
  request(joined("Kim"), protocol::CardSubmit{"Kim's question"});
  EXPECT_EQ(console()["board"]["waiting"], 3);  // Dana is away: two writers present

  auto back = std::make_shared<FakeClient>();
  host->resume(back, protocol::RequestId{next_id++}, token, [] { FAIL() << "the token opens the session"; });
  drain();
  EXPECT_EQ(console()["board"]["waiting"], 3);  // coming back releases nothing by itself (it would point at her)
  EXPECT_EQ(request(facilitator, protocol::CardRelease{false})["type"], "ack");
  EXPECT_EQ(console()["board"]["cards"].size(), 3u);
}

TEST_F(AnonymityTest, ARemovedWriterStopsCounting) {
  request(facilitator, protocol::PhaseGoto{cards_phase});
  auto victim = joined("Victim");
  request(victim, protocol::CardSubmit{"Victim's question"});
  auto sybil = joined("Sybil");
  const std::string sybil_id = id_of(sybil);
  request(sybil, protocol::CardSubmit{"Decoy"});
  ASSERT_EQ(request(facilitator, protocol::ParticipantRemove{sybil_id})["type"], "ack");
  request(joined("Sam"), protocol::CardSubmit{"Sam's question"});
  EXPECT_EQ(console()["board"]["waiting"], 3);
  EXPECT_TRUE(console()["board"]["cards"].empty());
}

// --- Fishbowl observations -----------------------------------------------------------------------------------

TEST_F(AnonymityTest, AnonymousObservationsWaitForThreeDifferentWritersAndALeaverIsNotOne) {
  request(facilitator, protocol::PhaseGoto{fishbowl_phase});
  auto victim = joined("Victim");
  auto mallory = joined("Mallory");
  auto sam = joined("Sam");
  joined("Kim");  // four in the outer circle: K = 3 can be reached
  ASSERT_EQ(request(victim, protocol::FishbowlObserve{"Jo relaxed when asked about the weekend"})["type"], "ack");
  ASSERT_EQ(request(mallory, protocol::FishbowlObserve{"Decoy one"})["type"], "ack");
  EXPECT_EQ(console()["fishbowl"]["waiting"], 2);
  EXPECT_TRUE(console()["fishbowl"]["all"].empty());  // not as they arrive

  request(mallory, protocol::Leave{});
  joined("Mallory again", mallory);
  ASSERT_EQ(request(mallory, protocol::FishbowlObserve{"Decoy two"})["type"], "ack");
  EXPECT_EQ(console()["fishbowl"]["waiting"], 3);
  EXPECT_TRUE(console()["fishbowl"]["all"].empty());

  ASSERT_EQ(request(sam, protocol::FishbowlObserve{"The pause helped"})["type"], "ack");
  const auto view = console()["fishbowl"];
  EXPECT_EQ(view["waiting"], 0);
  ASSERT_EQ(view["all"].size(), 4u);
  for (const auto& o : view["all"]) {
    EXPECT_TRUE(o["name"].is_null());
    EXPECT_FALSE(o["guessable"].get<bool>());
  }
  EXPECT_TRUE(view["warning"].is_null());
  EXPECT_EQ(view["observationCount"], 4);
}

TEST_F(AnonymityTest, ASmallOuterCircleSeesObservationsAtOnceWithAWarning) {
  request(facilitator, protocol::PhaseGoto{fishbowl_phase});
  auto a = joined("Ana");
  auto b = joined("Ben");  // two people watching: three writers can never be reached
  ASSERT_EQ(request(a, protocol::FishbowlObserve{"Jo looked at the door"})["type"], "ack");
  auto view = console()["fishbowl"];
  EXPECT_EQ(view["waiting"], 0);
  ASSERT_EQ(view["all"].size(), 1u);
  EXPECT_TRUE(view["all"][0]["guessable"].get<bool>());
  EXPECT_TRUE(view["all"][0]["name"].is_null());
  ASSERT_TRUE(view["warning"].is_string());
  EXPECT_NE(view["warning"].get<std::string>().find("Fewer than 3 people are watching"), std::string::npos);
}

TEST_F(AnonymityTest, NamedObservationsAreShownAsTheyArrive) {
  auto created = core::create_session("GHIJKL", sha256_hex("k"), test::fishbowl_scenario(true, true), 1000, 1000);
  journal.append("GHIJKL", {created});
  core::SessionState state;
  core::apply(state, created);
  host = std::make_shared<SessionHost>(ioc.get_executor(), std::move(state), journal, ioc.get_executor(), metrics,
                                       [] { return 5000; });
  facilitator = std::make_shared<FakeClient>();
  host->attach_creator(facilitator, protocol::RequestId{next_id++}, "k");
  drain();
  request(facilitator, protocol::PhaseGoto{fishbowl_phase});
  auto a = joined("Ana");
  for (const char* n : {"Ben", "Cas", "Dee"}) joined(n);
  ASSERT_EQ(request(a, protocol::FishbowlObserve{"Jo looked at the door"})["type"], "ack");
  const auto view = console()["fishbowl"];
  ASSERT_EQ(view["all"].size(), 1u);
  EXPECT_EQ(view["all"][0]["name"], "Ana");
  EXPECT_TRUE(view["warning"].is_null());
}

// --- Named poll switched to anonymous ------------------------------------------------------------------------

TEST_F(AnonymityTest, APollMadeAnonymousKeepsNoParticipantIdOrNameInTheJournal) {
  request(facilitator, protocol::PhaseGoto{poll_phase});
  ASSERT_EQ(request(facilitator, protocol::PollControl{"poll-1", "named"})["type"], "ack");
  auto dana = joined("Dana Whitfield");
  auto sam = joined("Sam Okonkwo");
  const std::string dana_id = dana->replies.back()["result"]["participantId"];
  const std::string sam_id = sam->replies.back()["result"]["participantId"];
  ASSERT_EQ(request(dana, protocol::PollVote{"poll-1", {{"choice", 1}}})["type"], "ack");
  ASSERT_EQ(request(sam, protocol::PollVote{"poll-1", {{"choice", 0}}})["type"], "ack");
  host->detach(sam);  // Sam is away when the poll becomes anonymous
  drain();
  const auto before = console()["poll"]["results"];

  ASSERT_EQ(request(facilitator, protocol::PollControl{"poll-1", "anonymous"})["type"], "ack");
  EXPECT_EQ(console()["poll"]["results"], before);

  std::string stored;
  for (const auto& e : journal.read("ABCDEF")) {
    if (std::holds_alternative<core::ParticipantJoined>(e) || std::holds_alternative<core::ParticipantLeft>(e)) continue;
    stored += store::event_to_json(e).dump() + "\n";
  }
  EXPECT_EQ(stored.find(dana_id), std::string::npos) << stored;
  EXPECT_EQ(stored.find(sam_id), std::string::npos) << stored;
  EXPECT_EQ(stored.find("Dana Whitfield"), std::string::npos) << stored;
  EXPECT_EQ(stored.find("Sam Okonkwo"), std::string::npos) << stored;
  EXPECT_EQ(stored.find("\"ballot.cast\""), std::string::npos) << stored;

  // Replaying the rewritten journal gives the same tallies.
  const auto replayed = core::replay(journal.read("ABCDEF"));
  EXPECT_EQ(replayed.activity.find_poll("poll-1")->poll.voter_count(), 2u);
  EXPECT_TRUE(replayed.activity.find_poll("poll-1")->poll.settings().anonymous);

  // Dana, connected at the switch, changes her answer: still one ballot of hers.
  ASSERT_EQ(request(dana, protocol::PollVote{"poll-1", {{"choice", 2}}})["type"], "ack");
  EXPECT_EQ(console()["poll"]["results"]["voters"], 2);
}

TEST_F(AnonymityTest, AVoterAwayAtTheSwitchReplacesTheirBallotWhenTheyVoteAgain) {
  request(facilitator, protocol::PhaseGoto{poll_phase});
  request(facilitator, protocol::PollControl{"poll-1", "named"});
  auto sam = joined("Sam");
  const std::string token = sam->replies.back()["result"]["resumeToken"];
  request(sam, protocol::PollVote{"poll-1", {{"choice", 0}}});
  host->detach(sam);
  drain();
  request(facilitator, protocol::PollControl{"poll-1", "anonymous"});

  auto back = std::make_shared<FakeClient>();
  host->resume(back, protocol::RequestId{next_id++}, token, [] { FAIL() << "the token opens the session"; });
  drain();
  EXPECT_EQ(back->latest(Topic::me)["data"]["ballot"]["ballot"]["choice"], 0);  // their answer, under its new key
  ASSERT_EQ(request(back, protocol::PollVote{"poll-1", {{"choice", 1}}})["type"], "ack");
  EXPECT_EQ(console()["poll"]["results"]["voters"], 1);  // replaced, not counted twice
}

}  // namespace
}  // namespace huddle::hub

namespace huddle::hub {
namespace {

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The same switch on the SQLite journal the server runs with: afterwards no byte of the database or its
// write-ahead log files a ballot under a participant id or with a name, and a restart (a replay of the
// files, reopened) shows the same tally.
TEST(AnonymityOnDisk, APollMadeAnonymousLeavesNoNamedBallotInTheDatabaseFiles) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("huddle-anon-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "huddle.db";
  nlohmann::json tally_before;
  std::string dana_id;
  {
    boost::asio::io_context ioc;
    store::SqliteJournal journal(file, store::Durability::full);
    Metrics metrics;
    // A scenario with its source text, as the server loads them, so the journal can store and replay it.
    auto parsed = scenario::parse_scenario(R"({
      "id": "named-poll", "title": "Named poll", "description": "A poll", "competencies": ["feedback"],
      "durationMinutes": 30,
      "phases": [
        {"title": "Welcome", "notes": "", "activity": {"kind": "info", "text": "Hello"}},
        {"title": "Pulse", "notes": "", "activity": {"kind": "poll", "pollKind": "single", "question": "Which first?",
          "options": ["Feedback", "1:1s", "Delegation"]}}
      ]})",
                                           "");
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const core::Scenario>>(parsed));
    auto created = core::create_session("ABCDEF", sha256_hex("k"), std::get<std::shared_ptr<const core::Scenario>>(parsed), 1000, 1000);
    ASSERT_FALSE(journal.append("ABCDEF", {created}));
    core::SessionState state;
    core::apply(state, created);
    auto host = std::make_shared<SessionHost>(ioc.get_executor(), std::move(state), journal, ioc.get_executor(), metrics,
                                              [] { return 5000; });
    auto drain = [&] {
      ioc.restart();
      while (ioc.poll() > 0) {
      }
    };
    std::int64_t id = 1;
    auto send = [&](const std::shared_ptr<FakeClient>& c, protocol::RequestBody body) {
      host->handle(c, protocol::Request{protocol::RequestId{id++}, std::move(body)});
      drain();
      return c->replies.back();
    };
    auto facilitator = std::make_shared<FakeClient>();
    host->attach_creator(facilitator, protocol::RequestId{id++}, "k");
    drain();
    send(facilitator, protocol::PhaseGoto{poll_phase});
    send(facilitator, protocol::PollControl{"poll-1", "named"});
    auto dana = std::make_shared<FakeClient>(), sam = std::make_shared<FakeClient>();
    host->join(dana, protocol::RequestId{id++}, "Dana");
    host->join(sam, protocol::RequestId{id++}, "Sam");
    drain();
    dana_id = dana->replies.back()["result"]["participantId"];
    ASSERT_EQ(send(dana, protocol::PollVote{"poll-1", {{"choice", 1}}})["type"], "ack");
    ASSERT_EQ(send(sam, protocol::PollVote{"poll-1", {{"choice", 0}}})["type"], "ack");
    const std::string before = file_bytes(file) + file_bytes(fs::path(file.string() + "-wal"));
    ASSERT_NE(before.find("\"voterName\":\"Dana\""), std::string::npos) << "the named ballot is on disk first";
    tally_before = facilitator->latest(Topic::console)["data"]["poll"]["results"];
    ASSERT_EQ(send(facilitator, protocol::PollControl{"poll-1", "anonymous"})["type"], "ack");
    drain();
    for (const auto& f : {file, fs::path(file.string() + "-wal")}) {
      const std::string bytes = file_bytes(f);
      EXPECT_EQ(bytes.find("\"voterKey\":\"" + dana_id + "\""), std::string::npos) << f;
      EXPECT_EQ(bytes.find("\"voterName\":\"Dana\""), std::string::npos) << f;
      EXPECT_EQ(bytes.find("\"voterName\":\"Sam\""), std::string::npos) << f;
      EXPECT_EQ(bytes.find("ballot.cast"), std::string::npos) << f;
    }
  }
  store::SqliteJournal reopened(file, store::Durability::full);  // a restart reads the files again
  const auto state = core::replay(reopened.read("ABCDEF"));
  EXPECT_EQ(core::console_view(state)["poll"]["results"], tally_before);
  EXPECT_TRUE(state.activity.find_poll("poll-1")->poll.settings().anonymous);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace huddle::hub

// A live session without sockets: an io_context run by the test thread, fake clients, the memory journal.
#include "hub/session_host.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/limits.hpp"
#include "core/rules.hpp"
#include "hub/secrets.hpp"
#include "store/memory_journal.hpp"
#include "support/fake_client.hpp"
#include "support/live_session_fixture.hpp"
#include "support/test_scenario.hpp"

namespace huddle::hub {
namespace {

using test::FakeClient;

class SessionHostTest : public test::LiveSessionFixture {
 protected:
  void SetUp() override { start(test::three_phase_scenario()); }
};

TEST_F(SessionHostTest, JoinRepliesOnceWithIdentityAndToken) {
  auto dana = joined("Dana");
  ASSERT_EQ(dana->replies.size(), 1u);
  auto result = dana->replies[0]["result"];
  EXPECT_EQ(result["name"], "Dana");
  EXPECT_GE(result["resumeToken"].get<std::string>().size(), 22u);  // >= 128 bits in base64url
  EXPECT_TRUE(dana->latest(Topic::me)["data"].contains("ballot"));  // their own view came with the join
  EXPECT_EQ(facilitator->latest(Topic::roster)["data"]["participants"][0]["presence"], "online");
}

TEST_F(SessionHostTest, TheJournalKeepsOnlyTheTokensHash) {
  auto dana = joined("Dana");
  const std::string token = dana->replies[0]["result"]["resumeToken"];
  const auto events = journal.read("ABCDEF");
  const auto& joined_event = std::get<core::ParticipantJoined>(events.at(1));
  EXPECT_EQ(joined_event.token_hash, sha256_hex(token));
  EXPECT_NE(joined_event.token_hash, token);
}

TEST_F(SessionHostTest, AChangeIsSerializedOnceAndSharedByEveryone) {
  auto a = joined("A"), b = joined("B"), c = joined("C");
  request(facilitator, protocol::PhaseNext{});
  auto frame = facilitator->pushes_of(Topic::session).back();
  for (const auto& client : {a, b, c}) {
    EXPECT_EQ(client->pushes_of(Topic::session).back().get(), frame.get());  // the same bytes, not a copy
  }
  EXPECT_EQ(nlohmann::json::parse(frame->payload())["data"]["phase"]["index"], 0);
}

TEST_F(SessionHostTest, ABurstOfChangesIsPushedOnce) {
  const auto before = facilitator->pushes_of(Topic::roster).size();
  std::vector<std::shared_ptr<FakeClient>> people;
  for (int i = 0; i < 20; ++i) {
    people.push_back(std::make_shared<FakeClient>());
    host->join(people.back(), protocol::RequestId{next_id++}, "Person " + std::to_string(i));
  }
  drain();  // all twenty joins were queued before the strand ran
  const auto after = facilitator->pushes_of(Topic::roster);
  EXPECT_EQ(after.size(), before + 1);
  EXPECT_EQ(nlohmann::json::parse(after.back()->payload())["data"]["participants"].size(), 20u);
}

TEST_F(SessionHostTest, ParticipantsSeeTheFirstFiftyNamesAndTheFacilitatorSeesEveryone) {
  std::vector<std::shared_ptr<FakeClient>> people;
  for (int i = 0; i < 60; ++i) people.push_back(joined("Person " + std::to_string(i)));
  const auto everyone = facilitator->latest(Topic::roster);
  EXPECT_EQ(everyone["data"]["participants"].size(), 60u);
  EXPECT_EQ(everyone["data"]["count"], 60);
  EXPECT_EQ(everyone["data"]["online"], 60);
  for (const auto& who : {people.front(), people.back()}) {  // a late joiner's snapshot and a live push alike
    const auto roster = who->latest(Topic::roster);
    EXPECT_EQ(roster["data"]["participants"].size(), core::roster_preview_limit);
    EXPECT_EQ(roster["data"]["participants"][0]["name"], "Person 0");
    EXPECT_EQ(roster["data"]["count"], 60);
    EXPECT_EQ(roster["version"], everyone["version"]) << "one version for both audiences";
  }
}

TEST_F(SessionHostTest, InALargeSessionJoinsOneByOneReachTheRosterInBatches) {
  for (int i = 0; i < 300; ++i) joined("Person " + std::to_string(i));  // one at a time, each drained
  // From 100 people on, joins wait for the next roster push (at most n/10 ms apart): wait for it.
  for (int i = 0; i < 100 && facilitator->latest(Topic::roster)["data"]["count"] != 300; ++i) {
    ioc.restart();
    ioc.run_one_for(std::chrono::milliseconds(100));
    drain();
  }
  EXPECT_EQ(facilitator->latest(Topic::roster)["data"]["count"], 300);
  EXPECT_EQ(facilitator->latest(Topic::session)["data"]["participantCount"], 300) << "the counts come with it";
  const auto pushes = facilitator->pushes_of(Topic::roster).size();
  EXPECT_GE(pushes, 100u) << "below 100 people every join is pushed at once";
  EXPECT_LT(pushes, 250u) << "above, joins are batched";
}

TEST_F(SessionHostTest, InALargeSessionVotesReachEveryoneInBatchesAndTheLastVoteAlways) {
  std::vector<std::shared_ptr<FakeClient>> people;
  for (int i = 0; i < 300; ++i) people.push_back(joined("Person " + std::to_string(i)));
  request(facilitator, protocol::PhaseGoto{1});  // the poll
  drain();
  auto& watcher = people.front();
  const auto pushes_before = watcher->pushes_of(Topic::activity).size();
  const auto console_before = facilitator->pushes_of(Topic::console).size();
  // 300 votes, each acknowledged (so each stored) before the next is sent.
  for (std::size_t i = 0; i < people.size(); ++i) {
    ASSERT_EQ(request(people[i], protocol::PollVote{"poll-1", {{"choice", static_cast<int>(i % 3)}}})["type"], "ack");
  }
  // From 100 people on, the votes reach `activity` at most every n/64 ms: the last one too, once it is due.
  for (int i = 0; i < 100 && watcher->latest(Topic::activity)["data"]["poll"]["voterCount"] != 300; ++i) {
    ioc.restart();
    ioc.run_one_for(std::chrono::milliseconds(100));
    drain();
  }
  EXPECT_EQ(watcher->latest(Topic::activity)["data"]["poll"]["voterCount"], 300) << "the last vote is never left behind";
  const auto pushes = watcher->pushes_of(Topic::activity).size() - pushes_before;
  EXPECT_LT(pushes, 150u) << "300 votes in a row went out one push each";
  // The facilitator's panel is paced too (core::console_push_interval_ms), and shows the last vote as well.
  for (int i = 0; i < 100 && facilitator->latest(Topic::console)["data"]["poll"]["voterCount"] != 300; ++i) {
    ioc.restart();
    ioc.run_one_for(std::chrono::milliseconds(100));
    drain();
  }
  EXPECT_EQ(facilitator->latest(Topic::console)["data"]["poll"]["voterCount"], 300);
  EXPECT_LT(facilitator->pushes_of(Topic::console).size() - console_before, 300u) << "the panel rendered once per vote";
  // What the facilitator does shows at once: no waiting for the pace.
  const auto console_pushes = facilitator->pushes_of(Topic::console).size();
  ASSERT_EQ(request(facilitator, protocol::PollControl{"poll-1", "close"})["type"], "ack");
  EXPECT_EQ(facilitator->pushes_of(Topic::console).size(), console_pushes + 1);
  EXPECT_EQ(facilitator->latest(Topic::console)["data"]["poll"]["status"], "closed");
}

// Each patch a participant got, applied to the activity they held before it, gives the activity it stands for.
// Returns how many patches were checked.
std::size_t check_patches(const FakeClient& client) {
  std::size_t checked = 0;
  const auto whole = client.pushes_of(Topic::activity);
  for (const auto& [topic, patch] : client.patches) {
    if (topic != Topic::activity) continue;
    const auto frame = nlohmann::json::parse(patch->payload());
    EXPECT_EQ(frame["type"], "patch");
    const auto at = std::find(whole.begin(), whole.end(), patch->whole());
    if (at == whole.end() || at == whole.begin()) {
      ADD_FAILURE() << "a patch with no push before it";
      continue;
    }
    const auto before = nlohmann::json::parse((*(at - 1))->payload());
    const auto after = nlohmann::json::parse((*at)->payload());
    EXPECT_EQ(frame["base"], before["version"]) << "a patch from the version its client holds";
    EXPECT_EQ(frame["version"], after["version"]);
    EXPECT_EQ(before["data"].patch(frame["ops"]), after["data"]);
    EXPECT_LE(patch->wire().size() * core::patch_push_max_share_divisor, (*at)->payload().size()) << "worth it";
    ++checked;
  }
  return checked;
}

TEST_F(SessionHostTest, InALargeSessionMeTooCountsGoOutAsPatchesThatRebuildTheBoard) {
  std::vector<std::shared_ptr<FakeClient>> people;
  for (int i = 0; i < 150; ++i) people.push_back(joined("Person " + std::to_string(i)));
  request(facilitator, protocol::PhaseGoto{2});  // the cards
  for (int i = 0; i < 30; ++i) {
    ASSERT_EQ(request(people[static_cast<std::size_t>(i)], protocol::CardSubmit{"Question number " + std::to_string(i)})["type"], "ack");
  }
  request(facilitator, protocol::CardRelease{true});
  const auto cards = people.back()->latest(Topic::activity)["data"]["board"]["cards"];
  ASSERT_EQ(cards.size(), 30u);
  // "Me too"s on a few cards, so the counts change and the release order stays.
  for (std::size_t i = 0; i < people.size(); ++i) {
    const std::string card = cards[i % 5]["id"];
    ASSERT_EQ(request(people[i], protocol::CardVote{card, true})["type"], "ack");
  }
  for (int i = 0; i < 100 && people.front()->latest(Topic::activity)["data"]["board"]["cards"][0]["votes"] != 30; ++i) {
    ioc.restart();
    ioc.run_one_for(std::chrono::milliseconds(100));
    drain();
  }
  EXPECT_EQ(people.front()->latest(Topic::activity)["data"]["board"]["cards"][0]["votes"], 30);
  std::size_t patches = 0;
  for (const auto& p : people) patches += check_patches(*p);
  EXPECT_GE(patches, people.size()) << "every participant got the new counts as patches";
}

TEST_F(SessionHostTest, InASmallSessionPushesAreWhole) {
  std::vector<std::shared_ptr<FakeClient>> people;
  for (int i = 0; i < 20; ++i) people.push_back(joined("Person " + std::to_string(i)));
  request(facilitator, protocol::PhaseGoto{1});
  for (const auto& p : people) request(p, protocol::PollVote{"poll-1", {{"choice", 0}}});
  for (const auto& p : people) EXPECT_TRUE(p->patches.empty());
}

TEST_F(SessionHostTest, InASmallSessionEveryVoteIsPushedAtOnce) {
  std::vector<std::shared_ptr<FakeClient>> people;
  for (int i = 0; i < 20; ++i) people.push_back(joined("Person " + std::to_string(i)));
  request(facilitator, protocol::PhaseGoto{1});
  for (std::size_t i = 0; i < people.size(); ++i) {
    request(people[i], protocol::PollVote{"poll-1", {{"choice", 0}}});
    EXPECT_EQ(people.back()->latest(Topic::activity)["data"]["poll"]["voterCount"], static_cast<int>(i + 1));
  }
}

TEST_F(SessionHostTest, VersionsGrowPerTopic) {
  auto dana = joined("Dana");
  request(facilitator, protocol::PhaseNext{});
  request(facilitator, protocol::PhaseNext{});
  auto versions = facilitator->pushes_of(Topic::session);
  for (std::size_t i = 1; i < versions.size(); ++i) {
    EXPECT_GT(nlohmann::json::parse(versions[i]->payload())["version"], nlohmann::json::parse(versions[i - 1]->payload())["version"]);
  }
}

TEST_F(SessionHostTest, ResumeRestoresTheSameIdentity) {
  auto first = joined("Dana");
  const std::string token = first->replies[0]["result"]["resumeToken"];
  host->detach(first);
  drain();
  EXPECT_EQ(facilitator->latest(Topic::roster)["data"]["participants"][0]["presence"], "away");

  auto again = std::make_shared<FakeClient>();
  host->resume(again, protocol::RequestId{next_id++}, token, [] { FAIL() << "the token opens the session"; });
  drain();
  ASSERT_EQ(again->replies.size(), 1u);
  EXPECT_EQ(again->replies[0]["type"], "ack");
  EXPECT_EQ(again->replies[0]["result"]["participantId"], first->replies[0]["result"]["participantId"]);
  EXPECT_EQ(facilitator->latest(Topic::roster)["data"]["participants"].size(), 1u);
  EXPECT_EQ(facilitator->latest(Topic::roster)["data"]["participants"][0]["presence"], "online");
}

// A wrong token or key is handed back to the hub as a miss, which answers it exactly as a code that opens no
// session (tests/integration/abuse_test.cpp); the session itself tells the stranger nothing.
TEST_F(SessionHostTest, AWrongTokenOrKeyIsAMissAndOpensNothing) {
  auto stranger = std::make_shared<FakeClient>();
  int misses = 0;
  host->resume(stranger, protocol::RequestId{next_id++}, "not-a-token", [&] { ++misses; });
  host->attach_facilitator(stranger, protocol::RequestId{next_id++}, "not-the-key", [&] { ++misses; });
  drain();
  EXPECT_EQ(misses, 2);
  EXPECT_TRUE(stranger->replies.empty());
  EXPECT_TRUE(stranger->pushes.empty());
  EXPECT_TRUE(stranger->binding().session.expired());
}

TEST_F(SessionHostTest, AParticipantsFacilitatorCommandChangesNothing) {
  auto dana = joined("Dana");
  const auto pushes_before = facilitator->pushes.size();
  request(dana, protocol::PhaseNext{});
  request(dana, protocol::SessionEnd{});
  ASSERT_EQ(dana->replies.size(), 3u);
  EXPECT_EQ(dana->replies[1]["code"], "forbidden");
  EXPECT_EQ(dana->replies[2]["code"], "forbidden");
  EXPECT_EQ(facilitator->pushes.size(), pushes_before);
}

TEST_F(SessionHostTest, RemovingAParticipantClosesTheirConnectionsAndVoidsTheirToken) {
  auto dana = joined("Dana");
  const std::string id = dana->replies[0]["result"]["participantId"];
  const std::string token = dana->replies[0]["result"]["resumeToken"];
  request(facilitator, protocol::ParticipantRemove{id});
  ASSERT_EQ(dana->closes.size(), 1u);
  EXPECT_EQ(dana->closes[0].first, 1000);
  auto again = std::make_shared<FakeClient>();
  bool missed = false;
  host->resume(again, protocol::RequestId{next_id++}, token, [&] { missed = true; });
  drain();
  EXPECT_TRUE(missed) << "a removed participant's token opens nothing";
  EXPECT_TRUE(again->binding().session.expired());
}

TEST_F(SessionHostTest, LeavingUnbindsTheConnection) {
  auto dana = joined("Dana");
  request(dana, protocol::Leave{});
  EXPECT_EQ(dana->replies.back()["type"], "ack");
  EXPECT_TRUE(dana->binding().session.expired());
  EXPECT_TRUE(facilitator->latest(Topic::roster)["data"]["participants"].empty());
}

}  // namespace
}  // namespace huddle::hub

namespace huddle::hub {
namespace {

TEST_F(SessionHostTest, AJoinerNeverSeesARosterWithoutThemself) {
  auto dana = joined("Dana");
  auto sam = joined("Sam");
  for (const auto& frame : sam->pushes_of(Topic::roster)) {
    EXPECT_EQ(nlohmann::json::parse(frame->payload())["data"]["participants"].size(), 2u) << frame->payload();
  }
  ASSERT_FALSE(sam->pushes_of(Topic::me).empty());
  EXPECT_EQ(sam->pushes_of(Topic::me).size(), 1u);  // once, not once per path
}

}  // namespace
}  // namespace huddle::hub

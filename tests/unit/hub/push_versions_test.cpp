// Pushes keep PROTOCOL.md's promise (Conventions): a topic's version grows on every change of its data and
// only then, and `resync` re-sends what a connection holds with the versions it holds. A client that trusts
// versions never sees the same version twice outside a resync, nor a new version with nothing new in it.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hub/session_host.hpp"
#include "support/fake_client.hpp"
#include "support/live_session_fixture.hpp"
#include "support/test_scenario.hpp"

namespace huddle::hub {
namespace {

using nlohmann::json;
using test::FakeClient;

constexpr Topic all_topics[] = {Topic::session, Topic::roster,   Topic::me,  Topic::facilitator,
                                Topic::activity, Topic::console, Topic::room};

// Every push `c` got from its `from`th on, checked per topic against the one before it: a higher version and
// different data. Returns what broke the promise, for the failure message.
std::vector<std::string> broken_promises(const FakeClient& c, std::size_t from = 0) {
  std::map<Topic, json> last;
  std::vector<std::string> broken;
  for (std::size_t i = from; i < c.pushes.size(); ++i) {
    const auto& [topic, frame] = c.pushes[i];
    json now = json::parse(frame->payload());
    auto it = last.find(topic);
    if (it != last.end()) {
      const json& before = it->second;
      if (now["version"] <= before["version"]) {
        broken.push_back(std::string(topic_name(topic)) + " again at version " + now["version"].dump());
      } else if (now["data"] == before["data"]) {
        broken.push_back(std::string(topic_name(topic)) + " version " + now["version"].dump() + " has the data of " +
                         before["version"].dump());
      }
    }
    last[topic] = std::move(now);
  }
  return broken;
}

std::vector<Topic> topics_pushed(const FakeClient& c, std::size_t from) {
  std::vector<Topic> topics;
  for (std::size_t i = from; i < c.pushes.size(); ++i) topics.push_back(c.pushes[i].first);
  return topics;
}

bool contains(const std::vector<Topic>& topics, Topic t) { return std::find(topics.begin(), topics.end(), t) != topics.end(); }

class PushVersions : public test::LiveSessionFixture {
 protected:
  void SetUp() override { start(test::three_phase_scenario()); }

  std::shared_ptr<FakeClient> resumed(const std::string& token) {
    auto c = std::make_shared<FakeClient>();
    host->resume(c, protocol::RequestId{next_id++}, token, [] { FAIL() << "the token should open the session"; });
    drain();
    return c;
  }
};

TEST_F(PushVersions, ResyncResendsTheVersionsAlreadyHeld) {
  auto dana = joined("Dana");
  request(facilitator, protocol::PhaseNext{});
  request(facilitator, protocol::PhaseNext{});  // the poll: `me` holds a ballot form
  for (const auto& c : {dana, facilitator}) {
    std::map<Topic, json> held;
    for (Topic t : all_topics) {
      if (!c->pushes_of(t).empty()) held[t] = c->latest(t);
    }
    const std::size_t before = c->pushes.size();
    ASSERT_EQ(request(c, protocol::Resync{})["type"], "ack");
    const auto resent = topics_pushed(*c, before);
    for (const auto& [topic, frame] : held) {
      EXPECT_TRUE(contains(resent, topic)) << topic_name(topic) << " is part of the snapshot";
      EXPECT_EQ(c->latest(topic)["version"], frame["version"]) << topic_name(topic) << ": nothing changed";
      EXPECT_EQ(c->latest(topic)["data"], frame["data"]) << topic_name(topic);
    }
  }
  EXPECT_TRUE(dana->latest(Topic::me)["data"].contains("ballot"));
  EXPECT_TRUE(dana->latest(Topic::room).contains("version"));
}

TEST_F(PushVersions, AChangePushesOnlyTheTopicsWhoseDataChanged) {
  auto dana = joined("Dana");
  const json room = dana->latest(Topic::room);
  const json roster = dana->latest(Topic::roster);
  std::size_t before = dana->pushes.size();
  request(facilitator, protocol::PhaseNext{});  // the welcome: no room, nobody came or went
  auto pushed = topics_pushed(*dana, before);
  EXPECT_TRUE(contains(pushed, Topic::session));
  EXPECT_FALSE(contains(pushed, Topic::room)) << "there is no room before and after";
  EXPECT_FALSE(contains(pushed, Topic::roster));
  EXPECT_EQ(dana->latest(Topic::room), room);

  before = dana->pushes.size();
  request(facilitator, protocol::SessionAnnounce{"Back in five"});
  pushed = topics_pushed(*dana, before);
  EXPECT_EQ(pushed, std::vector<Topic>{Topic::session}) << "an announcement changes the session topic alone";

  // A second connection of someone already online changes nothing anyone sees of the roster.
  before = dana->pushes.size();
  const std::size_t facilitator_before = facilitator->pushes.size();
  auto phone = resumed(dana->replies[0]["result"]["resumeToken"]);
  EXPECT_FALSE(contains(topics_pushed(*dana, before), Topic::roster));
  EXPECT_FALSE(contains(topics_pushed(*facilitator, facilitator_before), Topic::roster));
  EXPECT_EQ(phone->latest(Topic::roster)["version"], roster["version"]);
  EXPECT_EQ(phone->latest(Topic::me)["version"], dana->latest(Topic::me)["version"]) << "one person, one `me`";
  EXPECT_TRUE(broken_promises(*dana).empty()) << ::testing::PrintToString(broken_promises(*dana));
}

TEST_F(PushVersions, AJoinWhileAChangeIsBeingStoredGetsEachVersionOnce) {
  auto dana = joined("Dana");
  request(facilitator, protocol::PhaseNext{});
  request(facilitator, protocol::PhaseNext{});
  // Dana's vote is being stored (its push waits for that) when Sam joins: the push and Sam's snapshots
  // both want to reach Sam.
  host->handle(dana, protocol::Request{protocol::RequestId{next_id++}, protocol::PollVote{"poll-1", {{"choice", 1}}}});
  ioc.restart();
  ioc.poll_one();
  auto sam = std::make_shared<FakeClient>();
  host->join(sam, protocol::RequestId{next_id++}, "Sam");
  drain();
  ASSERT_EQ(sam->replies.at(0)["type"], "ack");
  for (const auto& c : {dana, sam, facilitator}) {
    EXPECT_TRUE(broken_promises(*c).empty()) << ::testing::PrintToString(broken_promises(*c));
  }
  for (Topic t : {Topic::session, Topic::roster, Topic::me, Topic::activity, Topic::room}) {
    EXPECT_FALSE(sam->pushes_of(t).empty()) << topic_name(t) << " reached the joiner";
  }
}

TEST_F(PushVersions, AWholeSessionNeverRepeatsAVersionOrSendsAnEmptyChange) {
  std::vector<std::shared_ptr<FakeClient>> people;
  for (const char* name : {"Ana", "Ben", "Cai"}) people.push_back(joined(name));
  auto phone = resumed(people[0]->replies[0]["result"]["resumeToken"]);
  request(facilitator, protocol::PhaseNext{});
  request(facilitator, protocol::PhaseNext{});
  for (std::size_t i = 0; i < people.size(); ++i) {
    request(people[i], protocol::PollVote{"poll-1", {{"choice", static_cast<int>(i % 3)}}});
  }
  request(people[1], protocol::PollVote{"poll-1", {{"choice", 2}}});  // a change of mind
  request(facilitator, protocol::PhasePause{});
  request(facilitator, protocol::PhaseResume{});
  host->detach(phone);
  drain();
  request(facilitator, protocol::PhaseNext{});
  request(facilitator, protocol::PhaseBack{});
  request(people[2], protocol::Leave{});
  request(facilitator, protocol::SessionEnd{});
  for (const auto& c : {people[0], people[1], phone, facilitator}) {
    EXPECT_TRUE(broken_promises(*c).empty()) << ::testing::PrintToString(broken_promises(*c));
  }
}

}  // namespace
}  // namespace huddle::hub

// Two nodes of a cluster in one process, on a real Redis started by the test and one shared journal: people
// on either node are in the same session and see the same thing; when the node running a session goes (or
// drains, or loses its lease), the other takes it over from the journal and everyone resumes with every
// acknowledged change.
#include <chrono>
#include <functional>
#include <future>
#include <thread>
#include <memory>

#include <gtest/gtest.h>

#include "cluster/cluster_node.hpp"
#include "store/memory_journal.hpp"
#include "support/redis_instance.hpp"
#include "support/tcp_relay.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// A lease long enough not to expire under a loaded sanitizer build, short enough for takeovers in a test.
constexpr auto lease = 1500ms;

struct Node {
  // `redis_port`: Redis's, or a relay's in front of it (support/tcp_relay.hpp).
  Node(const std::string& id, unsigned short redis_port, store::Journal& journal) : server({}, &journal) {
    cluster = std::make_unique<cluster::ClusterNode>(options(id, redis_port), server.server().hub(), server.server().metrics());
    cluster->start();
    server.server().hub().set_cluster(cluster.get());
  }
  // The cluster's threads stop before the server goes; the cluster itself outlives the server's I/O threads,
  // which may still tell it about connections closing.
  ~Node() { cluster->stop(); }
  static cluster::ClusterOptions options(const std::string& id, unsigned short redis_port) {
    cluster::ClusterOptions o;
    o.redis_port = redis_port;
    o.node_id = id;
    o.lease = lease;
    return o;
  }
  // As kill -9 does to a node: it stops renewing anything and its connections drop, but nothing is released.
  void die() {
    cluster->stop();
    server.stop();
  }
  std::unique_ptr<cluster::ClusterNode> cluster;  // destroyed after the server
  TestServer server;
};

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisInstance::available()) {
      if (std::getenv("CI")) FAIL() << "redis-server is missing: scripts/setup.sh test installs it";
      GTEST_SKIP() << "redis-server is not installed (scripts/setup.sh test installs it)";
    }
    redis = std::make_unique<RedisInstance>();
    ASSERT_TRUE(redis->answers());
    // Node a reaches Redis through a relay the test can cut.
    relay = std::make_unique<TcpRelay>(redis->port());
    a = std::make_unique<Node>("a", relay->port(), journal);
    b = std::make_unique<Node>("b", redis->port(), journal);
  }
  void TearDown() override {
    b.reset();
    a.reset();
    relay.reset();
  }
  // Waits (bounded) for something the cluster does by itself on its own timers, asking Redis each time.
  bool eventually(const std::function<bool()>& done, std::chrono::milliseconds within = 10s) {
    const auto give_up = std::chrono::steady_clock::now() + within;
    while (!done()) {
      if (std::chrono::steady_clock::now() > give_up) return false;
      std::this_thread::sleep_for(20ms);
    }
    return true;
  }

  std::unique_ptr<WsTestClient> connect(Node& node) {
    auto c = std::make_unique<WsTestClient>(node.server.port());
    c->hello();
    return c;
  }
  std::string lease_owner(const std::string& code) { return redis->command("GET huddle:lease:" + code); }

  store::MemoryJournal journal;
  std::unique_ptr<RedisInstance> redis;
  std::unique_ptr<TcpRelay> relay;
  std::unique_ptr<Node> a, b;
};

TEST_F(ClusterTest, PeopleOnAnotherNodeJoinVoteAndSeeTheSameSessionAsThoseOnTheNodeRunningIt) {
  auto console = connect(*a);
  auto created = console->request({{"type", "session.create"}, {"scenario", "activities"}});
  ASSERT_EQ(created["type"], "ack") << created.dump();
  const std::string code = created["result"]["code"];
  EXPECT_EQ(lease_owner(code), "a");

  auto ana = connect(*a);
  auto ben = connect(*b);
  ASSERT_EQ(ana->request({{"type", "join"}, {"code", code}, {"name", "Ana"}})["type"], "ack");
  auto joined = ben->request({{"type", "join"}, {"code", code}, {"name", "Ben"}});
  ASSERT_EQ(joined["type"], "ack") << joined.dump();
  ASSERT_EQ(console->request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  ASSERT_EQ(ben->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 2}}}})["type"], "ack");
  ASSERT_EQ(ana->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 0}}}})["type"], "ack");

  auto two_votes = [](const json& d) { return d.contains("poll") && d["poll"].value("voterCount", 0) == 2; };
  const json at_owner = ana->wait_topic("activity", two_votes);
  const json at_edge = ben->wait_topic("activity", two_votes);
  EXPECT_EQ(at_edge, at_owner);
  EXPECT_EQ(ben->versions["activity"], ana->versions["activity"]);
  const json roster = console->wait_topic("roster", [](const json& d) { return d["participants"].size() == 2; });
  for (const auto& p : roster["participants"]) EXPECT_EQ(p["presence"], "online") << p.dump();

  // A resync through the edge answers with the same snapshot.
  ASSERT_EQ(ben->request({{"type", "resync"}})["type"], "ack");
  EXPECT_EQ(ben->wait_topic("activity", two_votes), at_owner);
}

TEST_F(ClusterTest, WhenTheNodeRunningASessionDiesTheOtherTakesItOverWithEveryAcknowledgedVote) {
  auto console = connect(*a);
  const std::string code = console->request({{"type", "session.create"}, {"scenario", "activities"}})["result"]["code"];
  auto ben = connect(*b);
  const std::string token = ben->request({{"type", "join"}, {"code", code}, {"name", "Ben"}})["result"]["resumeToken"];
  ASSERT_EQ(console->request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  ASSERT_EQ(ben->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 3}}}})["type"], "ack");

  a->die();
  // The edge notices its session's node is gone and closes so the client reconnects.
  EXPECT_EQ(ben->read_close_code(), 1012);

  auto again = connect(*b);
  auto resumed = again->request({{"type", "resume"}, {"code", code}, {"resumeToken", token}});
  ASSERT_EQ(resumed["type"], "ack") << resumed.dump();
  EXPECT_EQ(resumed["result"]["name"], "Ben");
  EXPECT_EQ(lease_owner(code), "b");
  const json activity = again->wait_topic("activity", [](const json& d) { return d.contains("poll"); });
  EXPECT_EQ(activity["poll"]["voterCount"], 1) << activity.dump();
  // And it runs: a new vote changes it.
  ASSERT_EQ(again->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 1}}}})["type"], "ack");
}

TEST_F(ClusterTest, ADrainingNodeHandsItsSessionsOverAtOnceAndTheirPeopleResumeOnTheOther) {
  auto console = connect(*a);
  const std::string code = console->request({{"type", "session.create"}, {"scenario", "activities"}})["result"]["code"];
  auto ben = connect(*b);
  const std::string token = ben->request({{"type", "join"}, {"code", code}, {"name", "Ben"}})["result"]["resumeToken"];
  ASSERT_EQ(console->request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  ASSERT_EQ(ben->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 2}}}})["type"], "ack");

  std::promise<void> drained;
  a->server.server().stop_listening();
  a->cluster->drain([&] { drained.set_value(); });
  ASSERT_EQ(drained.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_EQ(lease_owner(code), "");  // released, not left to expire
  EXPECT_EQ(console->read_close_code(), 1012);
  EXPECT_EQ(ben->read_close_code(), 1012);

  auto again = connect(*b);
  auto resumed = again->request({{"type", "resume"}, {"code", code}, {"resumeToken", token}});
  ASSERT_EQ(resumed["type"], "ack") << resumed.dump();
  const json activity = again->wait_topic("activity", [](const json& d) { return d.contains("poll"); });
  EXPECT_EQ(activity["poll"]["voterCount"], 1);
}

TEST_F(ClusterTest, ANodeThatLostItsLeaseStopsRunningTheSession) {
  auto console = connect(*a);
  const std::string code = console->request({{"type", "session.create"}, {"scenario", "activities"}})["result"]["code"];
  // As if a pause outlasted the lease and another node took it.
  ASSERT_EQ(redis->command("SET huddle:lease:" + code + " b"), "+OK");
  EXPECT_EQ(console->read_close_code(), 1012);
}

TEST_F(ClusterTest, ANodeCutOffFromRedisStopsRunningItsSessionsAndTheirPeopleResumeOnAnotherNode) {
  auto console = connect(*a);
  const auto created = console->request({{"type", "session.create"}, {"scenario", "activities"}});
  const std::string code = created["result"]["code"], key = created["result"]["facilitatorKey"];
  auto ana = connect(*a);
  const std::string token = ana->request({{"type", "join"}, {"code", code}, {"name", "Ana"}})["result"]["resumeToken"];
  ASSERT_EQ(console->request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  ASSERT_EQ(ana->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 1}}}})["type"], "ack");

  relay->cut();
  // Node a cannot renew its lease: after a lease it stops running the session rather than run it twice.
  EXPECT_EQ(ana->read_close_code(), 1012);
  EXPECT_EQ(console->read_close_code(), 1012);

  // The balancer sends them to b, which takes the session over once a's lease has run out.
  auto again = connect(*b);
  auto resumed = again->request({{"type", "resume"}, {"code", code}, {"resumeToken", token}});
  ASSERT_EQ(resumed["type"], "ack") << resumed.dump();
  EXPECT_EQ(again->wait_topic("activity", [](const json& d) { return d.contains("poll"); })["poll"]["voterCount"], 1);
  auto console_again = connect(*b);
  ASSERT_EQ(console_again->request({{"type", "facilitator.attach"}, {"code", code}, {"facilitatorKey", key}})["type"], "ack");
  EXPECT_EQ(lease_owner(code), "b");
}

TEST_F(ClusterTest, WhenRedisRestartsEmptyTheSessionGoesOnWhereItRunsAndPeopleOnOtherNodesReconnectOnce) {
  auto console = connect(*a);
  const std::string code = console->request({{"type", "session.create"}, {"scenario", "activities"}})["result"]["code"];
  auto ben = connect(*b);
  const std::string token = ben->request({{"type", "join"}, {"code", code}, {"name", "Ben"}})["result"]["resumeToken"];
  ASSERT_EQ(console->request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  ASSERT_EQ(ben->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 0}}}})["type"], "ack");
  const std::string before = redis->command("GET huddle:fence:" + code);

  redis->restart();
  ASSERT_TRUE(redis->answers());
  // Ben's node lost its channel, so it cannot know what it missed: it closes Ben's connection once.
  EXPECT_EQ(ben->read_close_code(), 1012);
  // Node a takes its lease again under a new, larger token and goes on running the session.
  ASSERT_TRUE(eventually([&] { return lease_owner(code) == "a"; }));
  EXPECT_GT(std::stoull(redis->command("GET huddle:fence:" + code)), std::stoull(before));
  EXPECT_EQ(console->request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");

  auto again = connect(*b);
  auto resumed = again->request({{"type", "resume"}, {"code", code}, {"resumeToken", token}});
  ASSERT_EQ(resumed["type"], "ack") << resumed.dump();
  EXPECT_EQ(again->wait_topic("activity", [](const json& d) { return d.contains("poll"); })["poll"]["voterCount"], 1);
  // The console on a never noticed anything.
  EXPECT_EQ(console->request({{"type", "resync"}})["type"], "ack");
}

TEST_F(ClusterTest, AYoungSessionMovesToTheNodeItsPeopleComeThrough) {
  // The facilitator happened to reach a; the balancer hashes the session's code onto b, where its people go.
  auto console = connect(*a);
  const auto created = console->request({{"type", "session.create"}, {"scenario", "activities"}});
  const std::string code = created["result"]["code"], key = created["result"]["facilitatorKey"];
  auto ana = connect(*b);
  auto ben = connect(*b);
  const std::string ana_token = ana->request({{"type", "join"}, {"code", code}, {"name", "Ana"}})["result"]["resumeToken"];
  ASSERT_EQ(ben->request({{"type", "join"}, {"code", code}, {"name", "Ben"}})["type"], "ack");

  // Within a renewal or so, a hands the session over; everyone reconnects once, to b.
  EXPECT_EQ(ana->read_close_code(), 1012);
  EXPECT_EQ(console->read_close_code(), 1012);
  auto again = connect(*b);
  ASSERT_EQ(again->request({{"type", "resume"}, {"code", code}, {"resumeToken", ana_token}})["type"], "ack");
  auto console_again = connect(*b);
  ASSERT_EQ(console_again->request({{"type", "facilitator.attach"}, {"code", code}, {"facilitatorKey", key}})["type"], "ack");
  EXPECT_EQ(lease_owner(code), "b");
  // b runs it now: its people are served without the hop through Redis.
  EXPECT_EQ(b->server.server().hub().session_count(), 1u);
  EXPECT_EQ(a->server.server().hub().session_count(), 0u);
}

}  // namespace
}  // namespace huddle::test

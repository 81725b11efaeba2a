// A facilitator can lock the door, through real sockets: a locked session refuses newcomers but lets people
// back in, and keeps its lock over a restart; everyone who joined since a moment goes in one request; and
// one address cannot add participants without end while another address still gets in.
#include <gtest/gtest.h>

#include "data_folder.hpp"
#include "store/sqlite_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

struct Joined {
  std::unique_ptr<WsTestClient> client;
  json reply;
};

Joined join(unsigned short port, const std::string& code, const std::string& name, const std::string& from = "") {
  Joined j{std::make_unique<WsTestClient>(port, "", 0, from), {}};
  j.client->hello();
  j.reply = j.client->request({{"type", "join"}, {"code", code}, {"name", name}});
  return j;
}

TEST(Door, ALockedSessionRefusesNewcomersLetsPeopleBackInAndStaysLockedAfterARestart) {
  const DataFolder data;
  std::string code, key, dana_token;
  {
    store::SqliteJournal journal(data.journal(), store::Durability::full);
    TestServer server({}, &journal);
    WsTestClient console(server.port());
    console.hello();
    auto created = console.request({{"type", "session.create"}, {"scenario", "demo"}});
    code = created["result"]["code"];
    key = created["result"]["facilitatorKey"];
    auto dana = join(server.port(), code, "Dana");
    ASSERT_EQ(dana.reply["type"], "ack");
    dana_token = dana.reply["result"]["resumeToken"];

    const json locked = console.request({{"type", "session.lock"}, {"locked", true}});
    ASSERT_EQ(locked["type"], "ack") << locked.dump();
    EXPECT_EQ(locked["result"]["locked"], true);
    EXPECT_EQ(dana.client->wait_topic("session", [](const json& s) { return s["locked"] == true; })["locked"], true)
        << "every screen learns the door is locked";

    const json refused = join(server.port(), code, "Sam").reply;
    EXPECT_EQ(refused["code"], "session_locked") << refused.dump();
    EXPECT_NE(refused["message"].get<std::string>().find("locked"), std::string::npos);

    WsTestClient dana_again(server.port());
    dana_again.hello();
    const json resumed = dana_again.request({{"type", "resume"}, {"code", code}, {"resumeToken", dana_token}});
    EXPECT_EQ(resumed["type"], "ack") << "someone already in still gets back in: " << resumed.dump();

    const json forbidden = dana_again.request({{"type", "session.lock"}, {"locked", false}});
    EXPECT_EQ(forbidden["code"], "forbidden") << "only the facilitator holds the key";
  }

  store::SqliteJournal journal(data.journal(), store::Durability::full);
  TestServer server({}, &journal);
  EXPECT_EQ(join(server.port(), code, "Sam").reply["code"], "session_locked") << "the lock survives a restart";
  WsTestClient console(server.port());
  console.hello();
  ASSERT_EQ(console.request({{"type", "facilitator.attach"}, {"code", code}, {"facilitatorKey", key}})["type"], "ack");
  ASSERT_EQ(console.request({{"type", "session.lock"}, {"locked", false}})["type"], "ack");
  const json sam = join(server.port(), code, "Sam").reply;
  EXPECT_EQ(sam["type"], "ack") << "unlocked, newcomers get in again: " << sam.dump();
}

TEST(Door, EveryoneWhoJoinedSinceAMomentIsRemovedInOneRequest) {
  TestServer server;
  WsTestClient console(server.port());
  console.hello();
  const std::string code = console.request({{"type", "session.create"}, {"scenario", "demo"}})["result"]["code"];
  auto dana = join(server.port(), code, "Dana");
  ASSERT_EQ(dana.reply["type"], "ack");
  const json before = console.wait_topic("roster", [](const json& r) { return r["count"] == 1; });
  const long long dana_joined = before["participants"][0]["joinedAt"];

  // The flood begins strictly after Dana: a join stamped in her very millisecond is taken back and retried.
  auto joined_at = [&](const Joined& j) {
    const std::string id = j.reply["result"]["participantId"];
    const json roster = console.wait_topic("roster", [&](const json& r) {
      for (const auto& p : r["participants"]) if (p["id"] == id) return true;
      return false;
    });
    for (const auto& p : roster["participants"]) if (p["id"] == id) return p["joinedAt"].get<long long>();
    return 0LL;
  };
  std::vector<Joined> flood;
  flood.push_back(join(server.port(), code, "Spam one"));
  while (joined_at(flood.back()) == dana_joined) {
    ASSERT_EQ(console.request({{"type", "participant.remove"}, {"participantId", flood.back().reply["result"]["participantId"]}})["type"], "ack");
    flood.back() = join(server.port(), code, "Spam one");
  }
  const long long flood_began = joined_at(flood.back());
  for (const char* name : {"Spam two", "Spam three"}) {
    flood.push_back(join(server.port(), code, name));
    ASSERT_EQ(flood.back().reply["type"], "ack");
  }
  console.wait_topic("roster", [](const json& r) { return r["count"] == 4; });

  const json removed = console.request({{"type", "participant.remove.since"}, {"since", flood_began}});
  ASSERT_EQ(removed["type"], "ack") << removed.dump();
  EXPECT_EQ(removed["result"]["removed"], 3);
  for (auto& spam : flood) {
    EXPECT_EQ(spam.client->read_close_code(), 1000) << "their connections close";
    WsTestClient again(server.port());
    again.hello();
    const json resumed = again.request({{"type", "resume"}, {"code", code}, {"resumeToken", spam.reply["result"]["resumeToken"]}});
    EXPECT_EQ(resumed["code"], "token_invalid") << "their resume tokens stop working";
  }
  const json roster = console.wait_topic("roster", [](const json& r) { return r["count"] == 1; });
  ASSERT_EQ(roster["participants"].size(), 1u);
  EXPECT_EQ(roster["participants"][0]["name"], "Dana");
  EXPECT_EQ(dana.client->request({{"type", "resync"}})["type"], "ack") << "Dana is still in";
  EXPECT_EQ(dana.client->request({{"type", "participant.remove.since"}, {"since", 0}})["code"], "forbidden");
}

TEST(Door, OneAddressRunsOutOfJoinsWhileAnotherStillGetsIn) {
  TestServer server([](net::ServerOptions& o) {
    o.hub.join_burst = 3;
    o.hub.joins_per_minute = 1;
  });
  WsTestClient console(server.port());
  console.hello();
  const std::string code = console.request({{"type", "session.create"}, {"scenario", "demo"}})["result"]["code"];
  std::vector<Joined> people;
  for (const char* name : {"One", "Two", "Three"}) {
    people.push_back(join(server.port(), code, name));
    ASSERT_EQ(people.back().reply["type"], "ack") << people.back().reply.dump();
  }
  const json limited = join(server.port(), code, "Four").reply;
  EXPECT_EQ(limited["code"], "rate_limited") << limited.dump();
  EXPECT_NE(limited["message"].get<std::string>().find("joined from your network"), std::string::npos) << limited.dump();

  WsTestClient back(server.port());
  back.hello();
  const json resumed =
      back.request({{"type", "resume"}, {"code", code}, {"resumeToken", people[0].reply["result"]["resumeToken"]}});
  EXPECT_EQ(resumed["type"], "ack") << "coming back is not a new join: " << resumed.dump();

  // Another network (outside 127.0.0.0/24, in case addresses are grouped by /24) is not held up.
  const json other = join(server.port(), code, "From elsewhere", "127.0.2.1").reply;
  EXPECT_EQ(other["type"], "ack") << other.dump();
}

}  // namespace
}  // namespace huddle::test

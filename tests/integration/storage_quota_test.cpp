// Bounded storage through the real server: one facilitator's 150 participant connections flooding an
// open-text poll with changed answers cannot grow the journal past the session's quota; the flooders hear
// quota_exceeded (and rate_limited, past their own pace); the session still takes what stores nothing and
// can be ended; another session on the same server is unaffected; and after a restart the quota counts what
// the journal already held.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/event_json.hpp"
#include "store/memory_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

constexpr std::uint64_t quota_events = 600;

struct Room {
  std::unique_ptr<WsTestClient> console;
  std::string code;
};

Room open_room(const TestServer& server) {
  Room room{std::make_unique<WsTestClient>(server.port()), ""};
  room.console->hello();
  auto created = room.console->request({{"type", "session.create"}, {"scenario", "activities"}});
  EXPECT_EQ(created["type"], "ack") << created.dump();
  room.code = created["result"]["code"];
  // Phase 2: an anonymous open-text poll.
  EXPECT_EQ(room.console->request({{"type", "phase.goto"}, {"index", 2}})["type"], "ack");
  return room;
}

std::unique_ptr<WsTestClient> join(const TestServer& server, const std::string& code, const std::string& name) {
  auto client = std::make_unique<WsTestClient>(server.port());
  client->hello();
  auto joined = client->request({{"type", "join"}, {"code", code}, {"name", name}});
  EXPECT_EQ(joined["type"], "ack") << joined.dump();
  return client;
}

// Sends `count` changed answers at once, then reads every reply; returns how many of each outcome.
std::map<std::string, int> flood(WsTestClient& client, const std::string& who, int count) {
  for (int i = 0; i < count; ++i) {
    client.send({{"type", "poll.vote"}, {"id", who + "-" + std::to_string(i)}, {"pollId", "poll-2"},
                 {"vote", {{"text", "spam " + who + " " + std::to_string(i) + std::string(150, 'x')}}}});
  }
  std::map<std::string, int> outcomes;
  for (int replies = 0; replies < count;) {
    const json frame = client.read();
    if (frame["type"] == "ack") {
      ++outcomes["ack"];
      ++replies;
    } else if (frame["type"] == "error") {
      ++outcomes[frame["code"].get<std::string>()];
      ++replies;
    }
  }
  return outcomes;
}

std::uint64_t stored_bytes(store::Journal& journal, const std::string& code) {
  std::uint64_t bytes = 0;
  journal.for_each(code, [&](core::Event&&, std::size_t size) { bytes += size; });
  return bytes;
}

TEST(StorageQuota, AHundredAndFiftyFloodersCannotGrowTheJournalPastTheQuota) {
  TestServer server([](net::ServerOptions& o) {
    o.session_max_events = quota_events;
    o.session_max_mb = 1;
    o.changes_per_minute = 6;  // one change every 10 s after the burst: the flood outruns it whatever the machine
    o.changes_burst = 30;
  });
  Room room = open_room(server);
  std::vector<std::unique_ptr<WsTestClient>> flooders;
  for (int i = 0; i < 150; ++i) flooders.push_back(join(server, room.code, "Flooder " + std::to_string(i)));

  // One flooder alone, with the quota still far: paced to their burst.
  const auto alone = flood(*flooders[0], "f0", 40);
  EXPECT_LE(alone.count("ack") ? alone.at("ack") : 0, 31);
  EXPECT_GE(alone.count("rate_limited") ? alone.at("rate_limited") : 0, 9);

  // Everyone at once: the session fills up to its quota and not one event further.
  std::map<std::string, int> total;
  for (std::size_t i = 0; i < flooders.size(); ++i) {
    std::string who = "f";  // built by appending: GCC 12 misreads "literal" + std::string&& as an overflow
    who.append(std::to_string(i)).append("b");
    for (int k = 0; k < 20; ++k) {
      flooders[i]->send({{"type", "poll.vote"}, {"id", who + std::to_string(k)}, {"pollId", "poll-2"},
                         {"vote", {{"text", "spam " + who + std::to_string(k) + std::string(150, 'x')}}}});
    }
  }
  for (auto& f : flooders) {
    for (int replies = 0; replies < 20;) {
      const json frame = f->read();
      if (frame["type"] == "ack") ++total["ack"], ++replies;
      if (frame["type"] == "error") ++total[frame["code"].get<std::string>()], ++replies;
    }
  }
  EXPECT_GT(total["quota_exceeded"], 0);
  EXPECT_EQ(total["ack"] + total["quota_exceeded"] + total["rate_limited"], 150 * 20);
  const auto events = server.journal().read(room.code).size();
  EXPECT_EQ(events, quota_events);
  EXPECT_LE(stored_bytes(server.journal(), room.code), 1024u * 1024u);

  // It stays there: another wave stores nothing at all.
  const auto again = flood(*flooders[7], "f7c", 20);
  EXPECT_EQ(again.count("ack"), 0u);
  EXPECT_EQ(server.journal().read(room.code).size(), events);
  const json refused = flooders[8]->request({{"type", "poll.vote"}, {"pollId", "poll-2"}, {"vote", {{"text", "one more"}}}});
  EXPECT_EQ(refused["code"], "quota_exceeded");
  EXPECT_NE(refused["message"].get<std::string>().find("nothing more can be saved"), std::string::npos);

  // Another session on the same server answers as ever.
  Room other = open_room(server);
  auto honest = join(server, other.code, "Honest");
  EXPECT_EQ(honest->request({{"type", "poll.vote"}, {"pollId", "poll-2"}, {"vote", {{"text", "Time to think"}}}})["type"], "ack");
  other.console->wait_topic("console", [](const json& d) { return !d["poll"].is_null() && d["poll"]["voterCount"] == 1; });

  // The full session still answers what stores nothing, and its facilitator can wind it up.
  EXPECT_EQ(flooders[9]->request({{"type", "resync"}})["type"], "ack");
  const json page = room.console->request({{"type", "poll.results"}, {"pollId", "poll-2"}, {"limit", 10}});
  ASSERT_EQ(page["type"], "ack") << page.dump();
  const std::size_t answers = page["result"]["textCount"];
  EXPECT_GE(answers, 2u);  // the first flooder's and at least one from the wave
  EXPECT_EQ(page["result"]["texts"].size(), std::min<std::size_t>(10, answers));
  EXPECT_EQ(room.console->request({{"type", "session.end"}})["type"], "ack");
  EXPECT_EQ(server.journal().read(room.code).size(), events + 1);
}

TEST(StorageQuota, AfterARestartTheQuotaCountsWhatTheJournalHeld) {
  store::MemoryJournal journal;
  auto tweak = [](net::ServerOptions& o) {
    o.session_max_events = 40;
    o.changes_per_minute = 0;
  };
  std::string code;
  {
    TestServer server(tweak, &journal);
    Room room = open_room(server);
    code = room.code;
    auto ana = join(server, code, "Ana");
    for (int i = 0; i < 60; ++i) {
      const json reply = ana->request({{"type", "poll.vote"}, {"pollId", "poll-2"}, {"vote", {{"text", "answer " + std::to_string(i)}}}});
      if (reply["type"] == "error") {
        EXPECT_EQ(reply["code"], "quota_exceeded");
        break;
      }
    }
    ASSERT_EQ(journal.read(code).size(), 40u);
    auto sam = std::make_unique<WsTestClient>(server.port());
    sam->hello();
    EXPECT_EQ(sam->request({{"type", "join"}, {"code", code}, {"name", "Sam"}})["code"], "quota_exceeded");
  }
  TestServer restarted(tweak, &journal);
  WsTestClient sam(restarted.port());
  sam.hello();
  const json refused = sam.request({{"type", "join"}, {"code", code}, {"name", "Sam"}});
  EXPECT_EQ(refused["code"], "quota_exceeded") << refused.dump();
  EXPECT_EQ(journal.read(code).size(), 40u);
}

}  // namespace
}  // namespace huddle::test

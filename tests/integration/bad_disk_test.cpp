// A full disk under a running session: requests that must be stored fail with a clear `unavailable` and no
// ack, nothing half-changes, the server stays up for everyone, and it all works again once space returns.
#include <gtest/gtest.h>

#include "data_folder.hpp"
#include "store/sqlite_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

TEST(BadDisk, AFullDiskRefusesChangesClearlyAndTheSessionCarriesOnWhenSpaceReturns) {
  const DataFolder data;
  store::SqliteJournal journal(data.journal(), store::Durability::full);
  TestServer server({}, &journal);
  WsTestClient console(server.port());
  console.hello();
  const std::string code = console.request({{"type", "session.create"}, {"scenario", "activities"}})["result"]["code"];
  WsTestClient dana(server.port());
  dana.hello();
  ASSERT_EQ(dana.request({{"type", "join"}, {"code", code}, {"name", "Dana"}})["type"], "ack");
  ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 2}})["type"], "ack");  // the open-text poll

  journal.set_size_limit(1);  // the disk is full from now on
  json refused;
  for (int i = 0; i < 2000; ++i) {  // the first few may still fit in pages SQLite already has
    const std::string text = "answer " + std::to_string(i) + " " + std::string(180, 'a' + i % 26);
    refused = dana.request({{"type", "poll.vote"}, {"pollId", "poll-2"}, {"vote", {{"text", text}}}});
    if (refused["type"] == "error") break;
  }
  ASSERT_EQ(refused["type"], "error") << "the full disk never showed";
  EXPECT_EQ(refused["code"], "unavailable");
  EXPECT_NE(refused["message"].get<std::string>().find("could not save"), std::string::npos) << refused.dump();
  const json before = console.request({{"type", "resync"}});
  ASSERT_EQ(before["type"], "ack") << "the server is still up and answering";
  const json stuck = console.request({{"type", "phase.next"}});
  EXPECT_EQ(stuck["code"], "unavailable") << "the facilitator's changes are refused the same way";
  EXPECT_EQ(console.wait_topic("session", [](const json&) { return true; })["phase"]["index"], 2) << "nothing moved";

  journal.set_size_limit(0);  // space is back
  EXPECT_EQ(dana.request({{"type", "poll.vote"}, {"pollId", "poll-2"}, {"vote", {{"text", "back again"}}}})["type"], "ack");
  EXPECT_EQ(console.request({{"type", "phase.next"}})["type"], "ack");
  EXPECT_EQ(console.wait_topic("session", [](const json& d) { return d["phase"]["index"] == 3; })["phase"]["index"], 3);
}

}  // namespace
}  // namespace huddle::test

// GET /api/sessions/{code}/report over real HTTP: only with the facilitator key (in a header), as JSON or
// CSV, during the session and after it ended and the server restarted.
#include <gtest/gtest.h>

#include "data_folder.hpp"
#include "store/sqlite_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

TEST(Report, OnlyTheFacilitatorKeyOpensItDuringAndAfterTheSession) {
  const DataFolder data;
  std::string code, key;
  {
    store::SqliteJournal journal(data.journal(), store::Durability::full);
    TestServer server({}, &journal);
    WsTestClient console(server.port());
    console.hello();
    auto created = console.request({{"type", "session.create"}, {"scenario", "activities"}});
    code = created["result"]["code"];
    key = created["result"]["facilitatorKey"];
    WsTestClient dana(server.port());
    dana.hello();
    ASSERT_EQ(dana.request({{"type", "join"}, {"code", code}, {"name", "Dana"}})["type"], "ack");
    ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
    ASSERT_EQ(dana.request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 1}}}})["type"], "ack");

    const std::string target = "/api/sessions/" + code + "/report";
    EXPECT_EQ(http_get(server.port(), target).status, 401) << "no key, no report";
    // A wrong key and a code that does not exist get the same answer, so the answer says nothing about the code.
    const auto wrong_key = http_get(server.port(), target, {{"X-Facilitator-Key", "not-the-key"}});
    const auto no_such = http_get(server.port(), "/api/sessions/ZZZZZZ/report", {{"X-Facilitator-Key", key}});
    EXPECT_EQ(wrong_key.status, 404);
    EXPECT_EQ(no_such.status, 404);
    EXPECT_EQ(wrong_key.body, no_such.body);
    auto live = http_get(server.port(), target, {{"X-Facilitator-Key", key}});
    ASSERT_EQ(live.status, 200) << live.body;
    const json report = json::parse(live.body);
    EXPECT_EQ(report["status"], "running");
    EXPECT_EQ(report["polls"][0]["results"]["options"][1]["count"], 1);
    EXPECT_EQ(report["attendance"]["participants"][0]["name"], "Dana");
    auto csv = http_get(server.port(), target + "?format=csv", {{"X-Facilitator-Key", key}});
    ASSERT_EQ(csv.status, 200);
    EXPECT_NE(csv.headers["content-type"].find("text/csv"), std::string::npos);
    EXPECT_EQ(csv.body.rfind("section,phase,title,item,detail,count,percent\r\n", 0), 0u);
    EXPECT_NE(csv.body.find("\"1:1s\",1,100.0"), std::string::npos) << csv.body;
    ASSERT_EQ(console.request({{"type", "session.end"}})["type"], "ack");
  }
  // An ended session is not hosted after a restart, but its report is still there.
  store::SqliteJournal journal(data.journal(), store::Durability::full);
  TestServer server({}, &journal);
  auto after = http_get(server.port(), "/api/sessions/" + code + "/report", {{"X-Facilitator-Key", key}});
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(json::parse(after.body)["status"], "ended");
  EXPECT_EQ(http_get(server.port(), "/api/sessions/" + code + "/report", {{"X-Facilitator-Key", "x"}}).status, 404);
}

}  // namespace
}  // namespace huddle::test

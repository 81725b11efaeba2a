// Deleting a session's data: at once by its facilitator (nothing of it remains in the database file, not
// even in free pages or the write-ahead log), and by retention once an ended session is old enough.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "data_folder.hpp"
#include "store/sqlite_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Session {
  std::unique_ptr<WsTestClient> console;
  std::unique_ptr<WsTestClient> dana;
  std::string code, key;
};

Session run_a_session(const TestServer& server, const std::string& marker) {
  Session s{std::make_unique<WsTestClient>(server.port()), std::make_unique<WsTestClient>(server.port()), "", ""};
  s.console->hello();
  auto created = s.console->request({{"type", "session.create"}, {"scenario", "activities"}});
  s.code = created["result"]["code"];
  s.key = created["result"]["facilitatorKey"];
  s.dana->hello();
  EXPECT_EQ(s.dana->request({{"type", "join"}, {"code", s.code}, {"name", "Dana " + marker}})["type"], "ack");
  EXPECT_EQ(s.console->request({{"type", "phase.goto"}, {"index", 2}})["type"], "ack");
  EXPECT_EQ(s.dana->request({{"type", "poll.vote"}, {"pollId", "poll-2"}, {"vote", {{"text", "answer " + marker}}}})["type"], "ack");
  return s;
}

TEST(Delete, TheFacilitatorDeletesASessionAndNothingOfItRemainsOnDisk) {
  const DataFolder folder;
  store::SqliteJournal journal(folder.journal(), store::Durability::full);
  TestServer server({}, &journal);
  Session gone = run_a_session(server, "zqxjv-gone");
  Session kept = run_a_session(server, "kept-wvut");

  EXPECT_EQ(gone.dana->request({{"type", "session.delete"}})["code"], "forbidden") << "participants cannot";
  ASSERT_EQ(gone.console->request({{"type", "session.delete"}})["type"], "ack");
  EXPECT_EQ(gone.dana->read_close_code(), 1000);
  EXPECT_EQ(http_get(server.port(), "/api/sessions/" + gone.code + "/report", {{"X-Facilitator-Key", gone.key}}).status, 404);
  WsTestClient late(server.port());
  late.hello();
  EXPECT_EQ(late.request({{"type", "join"}, {"code", gone.code}, {"name", "Late"}})["code"], "session_not_found");

  const auto codes = journal.sessions();
  EXPECT_EQ(std::count(codes.begin(), codes.end(), gone.code), 0);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), kept.code), 1) << "only that session";
  std::string disk = file_bytes(folder.journal());
  if (fs::exists(folder.path / "huddle.db-wal")) disk += file_bytes(folder.path / "huddle.db-wal");
  ASSERT_NE(disk.find("kept-wvut"), std::string::npos) << "the search can see text in the files";
  EXPECT_EQ(disk.find("zqxjv-gone"), std::string::npos) << "the deleted session's text is still in the files";
  EXPECT_EQ(disk.find(gone.key), std::string::npos);
}

TEST(Delete, RetentionDeletesEndedSessionsOnceTheyAreOldEnough) {
  const DataFolder folder;
  store::SqliteJournal journal(folder.journal(), store::Durability::full);
  TestServer server({}, &journal);
  Session ended = run_a_session(server, "ended");
  Session running = run_a_session(server, "running");
  ASSERT_EQ(ended.console->request({{"type", "session.end"}})["type"], "ack");

  EXPECT_EQ(server.server().purge_ended(std::chrono::hours(24) * 30), 0u) << "kept for 30 days";
  EXPECT_EQ(http_get(server.port(), "/api/sessions/" + ended.code + "/report", {{"X-Facilitator-Key", ended.key}}).status, 200);
  EXPECT_EQ(server.server().purge_ended(std::chrono::milliseconds(0)), 1u) << "retention of zero: the ended one goes";
  EXPECT_EQ(http_get(server.port(), "/api/sessions/" + ended.code + "/report", {{"X-Facilitator-Key", ended.key}}).status, 404);
  EXPECT_EQ(http_get(server.port(), "/api/sessions/" + running.code + "/report", {{"X-Facilitator-Key", running.key}}).status, 200)
      << "a running session is never purged";
}

}  // namespace
}  // namespace huddle::test

// What only the PostgreSQL journal has to get right, against a throwaway server (support/postgres_instance.hpp):
// lease fencing between two nodes, service that resumes after the database server restarts, and stores it
// must not use (a newer layout, foreign tables, no server at all, stored rows that are not a history).
// What every journal promises is checked for it in journal_contract_test.cpp.
#include <memory>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "store/event_json.hpp"
#include "store/postgres_journal.hpp"
#include "support/postgres_instance.hpp"

namespace huddle::store {
namespace {

using namespace core;

class PostgresJournalTest : public ::testing::Test {
 protected:
  test::PostgresInstance* postgres = nullptr;
  std::string database;

  void SetUp() override {
    HUDDLE_REQUIRE_POSTGRES();
    postgres = test::PostgresInstance::shared();
    database = postgres->create_database();
  }
  void TearDown() override {
    if (!database.empty()) postgres->drop_database(database);
  }
  std::unique_ptr<PostgresJournal> open() {
    return std::make_unique<PostgresJournal>(postgres->uri(database), Durability::full);
  }
  // The lease token each stored event of the session was written under, oldest first.
  std::vector<std::string> fences_of(const std::string& session) {
    return postgres->query(database, "SELECT fence FROM events WHERE session = $1 ORDER BY seq", {session});
  }
  // The message of the JournalError opening the database throws, or "" when it opens.
  std::string refusal(const std::string& uri) {
    try {
      PostgresJournal journal(uri, Durability::full);
      return "";
    } catch (const JournalError& e) {
      return e.what();
    }
  }
};

// Node A ran the session under lease 1; node B took it over with lease 2 (A was paused, or cut off). From
// then on nothing A writes lands: the session's history is B's to continue.
TEST_F(PostgresJournalTest, ANewerLeaseHolderFencesTheOldOne) {
  auto a = open();
  auto b = open();
  ASSERT_FALSE(a->claim("ABCDEF", 1));
  ASSERT_FALSE(a->append("ABCDEF", {TimerPaused{1}}));
  ASSERT_FALSE(b->claim("ABCDEF", 2));
  EXPECT_EQ(a->append("ABCDEF", {TimerResumed{2}}), fenced());
  EXPECT_EQ(a->rewrite("ABCDEF", [](const std::vector<Event>&) { return std::optional(std::vector<Event>{}); }), fenced());
  EXPECT_EQ(a->remove("ABCDEF"), fenced());
  ASSERT_FALSE(b->append("ABCDEF", {TimerResumed{3}}));
  const auto history = b->read("ABCDEF");
  ASSERT_EQ(history.size(), 2u) << "A's refused append, rewrite and removal changed nothing";
  EXPECT_EQ(std::get<TimerPaused>(history[0]).at, 1);
  EXPECT_EQ(std::get<TimerResumed>(history[1]).at, 3);
  EXPECT_EQ(fences_of("ABCDEF"), (std::vector<std::string>{"1", "2"}));
  // A cannot take the session back with its old lease; B's own lease, claimed again, still holds.
  EXPECT_EQ(a->claim("ABCDEF", 1), fenced());
  EXPECT_FALSE(b->claim("ABCDEF", 2));
  EXPECT_FALSE(b->append("ABCDEF", {TimerWarned{4}}));
  // Other sessions A writes are not B's business.
  EXPECT_FALSE(a->append("GHIJKL", {TimerPaused{5}}));
}

TEST_F(PostgresJournalTest, AClaimBelowTheStoredTokenIsRefusedAndWritesNothing) {
  auto b = open();
  auto a = open();
  ASSERT_FALSE(b->claim("ABCDEF", 5));
  EXPECT_EQ(a->claim("ABCDEF", 3), fenced());
  EXPECT_EQ(a->append("ABCDEF", {TimerPaused{1}}), fenced()) << "a node whose claim did not take writes nothing";
  EXPECT_TRUE(b->read("ABCDEF").empty());
  EXPECT_EQ(a->claim("ABCDEF", std::uint64_t{1} << 63), std::make_error_code(std::errc::value_too_large));
}

TEST_F(PostgresJournalTest, ARefusedRequestDoesNotFailTheOthersCommittedWithIt) {
  // Requests of many sessions share a transaction (group commit); one refused, by the lease or by the
  // database itself, must not take the others down with it.
  auto a = open();
  auto b = open();
  ASSERT_FALSE(a->claim("LOSTIT", 1));
  ASSERT_FALSE(b->claim("LOSTIT", 2));
  const std::string not_utf8 = "BAD\xFF\xFE";  // PostgreSQL rejects the statement: an error inside the transaction
  constexpr int writers = 6, requests = 60;
  std::vector<std::thread> threads;
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&, t] {
      const std::string code = t == 0 ? "LOSTIT" : t == 1 ? not_utf8 : "KEPT0" + std::to_string(t);
      for (int i = 0; i < requests; ++i) {
        const auto ec = a->append(code, {TimerWarned{i}});
        if (t == 0) {
          EXPECT_EQ(ec, fenced());
        } else if (t == 1) {
          EXPECT_TRUE(ec);
        } else {
          EXPECT_FALSE(ec) << ec.message();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_TRUE(a->read("LOSTIT").empty());
  for (int t = 2; t < writers; ++t) EXPECT_EQ(a->read("KEPT0" + std::to_string(t)).size(), std::size_t{requests});
}

TEST_F(PostgresJournalTest, ServiceResumesAfterTheDatabaseServerRestarts) {
  auto journal = open();
  ASSERT_FALSE(journal->append("ABCDEF", {TimerPaused{1}}));
  postgres->restart();  // every connection dropped
  std::size_t stored = 1;
  const auto first = journal->append("ABCDEF", {TimerResumed{2}});
  if (first) {
    EXPECT_TRUE(first == std::make_error_code(std::errc::not_connected) || first == std::make_error_code(std::errc::io_error))
        << first.message();
  } else {
    ++stored;
  }
  EXPECT_FALSE(journal->append("ABCDEF", {TimerWarned{3}})) << "the journal connected again";
  ++stored;
  EXPECT_EQ(journal->read("ABCDEF").size(), stored);
  postgres->restart();
  EXPECT_EQ(journal->sessions(), std::vector<std::string>{"ABCDEF"}) << "reads connect again too";
}

TEST_F(PostgresJournalTest, ALayoutFromANewerHuddleIsRefused) {
  {
    auto journal = open();
    ASSERT_FALSE(journal->append("ABCDEF", {TimerPaused{1}}));
  }
  postgres->query(database, "UPDATE meta SET value = '2' WHERE key = 'schema'");
  const std::string why = refusal(postgres->uri(database));
  EXPECT_NE(why.find("layout version 2"), std::string::npos) << why;
  EXPECT_EQ(postgres->query(database, "SELECT count(*) FROM events"), std::vector<std::string>{"1"}) << "left as it was";
}

TEST_F(PostgresJournalTest, TablesOfAnotherShapeAreRefused) {
  postgres->query(database, "CREATE TABLE events (id SERIAL PRIMARY KEY, payload TEXT)");
  const std::string why = refusal(postgres->uri(database));
  EXPECT_NE(why.find("cannot be used"), std::string::npos) << why;
  EXPECT_NE(why.find(database), std::string::npos) << "the message names the database: " << why;
}

TEST_F(PostgresJournalTest, ADatabaseThatIsNotUtf8IsRefused) {
  const std::string latin = postgres->create_database() + "_latin1";
  postgres->query("postgres", "CREATE DATABASE " + latin + " ENCODING 'LATIN1' TEMPLATE template0");
  const std::string why = refusal(postgres->uri(latin));
  postgres->drop_database(latin);
  EXPECT_NE(why.find("UTF8"), std::string::npos) << why;
}

TEST_F(PostgresJournalTest, AServerThatCannotBeReachedIsNamedWithoutThePassword) {
  // A port bound but not listening: connections to it are refused at once.
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string port = std::to_string(ntohs(address.sin_port));
  const std::string why = refusal("postgresql://huddle:pa55-w0rd-zq@127.0.0.1:" + port + "/huddle");
  ::close(s);
  EXPECT_NE(why.find("cannot be reached"), std::string::npos) << why;
  EXPECT_NE(why.find("127.0.0.1:" + port + "/huddle"), std::string::npos) << why;
  EXPECT_EQ(why.find("pa55-w0rd-zq"), std::string::npos) << why;
}

TEST_F(PostgresJournalTest, AGapInTheEventsIsRefusedNotReplayed) {
  auto journal = open();
  ASSERT_FALSE(journal->append("ABCDEF", {TimerPaused{1}, TimerResumed{2}, TimerWarned{3}}));
  postgres->query(database, "DELETE FROM events WHERE seq = 2");
  EXPECT_THROW(journal->read("ABCDEF"), JournalError);
}

TEST_F(PostgresJournalTest, AnUnreadableEventIsRefusedNotReplayed) {
  auto journal = open();
  ASSERT_FALSE(journal->append("ABCDEF", {TimerPaused{1}, TimerResumed{2}}));
  postgres->query(database, "UPDATE events SET body = '{\"type\": \"timer.res' WHERE seq = 2");
  EXPECT_THROW(journal->read("ABCDEF"), JournalError);
  postgres->query(database, "UPDATE events SET body = '{\"type\": \"no.such.thing\"}' WHERE seq = 2");
  EXPECT_THROW(journal->read("ABCDEF"), CorruptEvent);
}

}  // namespace
}  // namespace huddle::store

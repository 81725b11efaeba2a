// --journal picks the store: SQLite in the data folder by default, PostgreSQL for a URI, and nothing for a
// value it does not understand (refused, not guessed at).
#include <filesystem>

#include <unistd.h>

#include <gtest/gtest.h>

#include "store/open_journal.hpp"
#include "store/postgres_journal.hpp"
#include "store/sqlite_journal.hpp"
#include "support/postgres_instance.hpp"

namespace huddle::store {
namespace {

namespace fs = std::filesystem;

class OpenJournalTest : public ::testing::Test {
 protected:
  fs::path dir;
  void SetUp() override {
    dir = fs::temp_directory_path() / ("huddle-open-journal-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(OpenJournalTest, TheDefaultIsSqliteInTheDataFolder) {
  for (const char* where : {"", "sqlite"}) {
    auto journal = open_journal(where, dir, Durability::full, 0);
    EXPECT_NE(dynamic_cast<SqliteJournal*>(journal.get()), nullptr) << where;
    ASSERT_FALSE(journal->append("ABCDEF", {core::TimerPaused{1}}));
    EXPECT_TRUE(fs::exists(dir / "huddle.db"));
  }
}

TEST_F(OpenJournalTest, TheCapIsApplied) {
  auto journal = open_journal("sqlite", dir, Durability::full, 1);
  EXPECT_EQ(journal->append("ABCDEF", {core::CardSubmitted{2, "c-1", std::string(100'000, 'x')}}),
            std::make_error_code(std::errc::no_space_on_device));
}

TEST_F(OpenJournalTest, APostgresUriOpensPostgres) {
  HUDDLE_REQUIRE_POSTGRES();
  auto* postgres = test::PostgresInstance::shared();
  const std::string database = postgres->create_database();
  {
    const std::string uri = postgres->uri(database);
    for (const std::string& where : {uri, "postgres://" + uri.substr(uri.find("://") + 3)}) {
      auto journal = open_journal(where, dir, Durability::fast, 0);
      EXPECT_NE(dynamic_cast<PostgresJournal*>(journal.get()), nullptr) << where;
      EXPECT_FALSE(journal->append("ABCDEF", {core::TimerPaused{1}}));
    }
    EXPECT_FALSE(fs::exists(dir / "huddle.db"));
  }
  postgres->drop_database(database);
}

TEST_F(OpenJournalTest, AnythingElseIsRefusedWithoutEchoingIt) {
  try {
    open_journal("mysql://root:hunter2@db/huddle", dir, Durability::full, 0);
    FAIL() << "an unknown journal was opened";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find("postgresql://"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(open_journal("SQLite", dir, Durability::full, 0), JournalError);
  EXPECT_FALSE(fs::exists(dir / "huddle.db"));
}

}  // namespace
}  // namespace huddle::store

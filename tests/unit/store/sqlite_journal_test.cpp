// What only the SQLite journal has to get right, on a real file: a damaged file is refused with a message
// that says so, never replayed. What every journal promises is checked for it in journal_contract_test.cpp.
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "store/event_json.hpp"
#include "store/sqlite_journal.hpp"

namespace huddle::store {
namespace {

namespace fs = std::filesystem;
using namespace core;

class SqliteJournalTest : public ::testing::Test {
 protected:
  fs::path dir;
  fs::path file;
  void SetUp() override {
    dir = fs::temp_directory_path() / ("huddle-journal-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    file = dir / "huddle.db";
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(SqliteJournalTest, AFileThatIsNotADatabaseIsRefusedClearly) {
  std::ofstream(file) << "this is not a database, it is a shopping list: eggs, milk, bread, and more eggs\n";
  try {
    SqliteJournal journal(file, Durability::full);
    FAIL() << "a damaged journal was opened";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

TEST_F(SqliteJournalTest, ATruncatedDatabaseIsNeverReplayedSilently) {
  {
    SqliteJournal journal(file, Durability::full);
    for (int i = 0; i < 400; ++i) {
      ASSERT_FALSE(journal.append("ABCDEF", {CardSubmitted{2, "c-" + std::to_string(i), std::string(200, 'x')}}));
    }
  }
  fs::resize_file(file, fs::file_size(file) / 2);
  try {
    SqliteJournal journal(file, Durability::full);
    const auto events = journal.read("ABCDEF");
    ADD_FAILURE() << "read " << events.size() << " events from a truncated file without complaint";
  } catch (const std::exception& e) {
    EXPECT_FALSE(std::string(e.what()).empty());
  }
}

TEST_F(SqliteJournalTest, AStoredEventThatMakesNoSenseIsReportedNotGuessed) {
  EXPECT_THROW(event_from_json({{"type", "ballot.cast"}, {"pollId", "poll-1"}}), CorruptEvent);
  EXPECT_THROW(event_from_json({{"type", "no.such.thing"}}), CorruptEvent);
  EXPECT_THROW(event_from_json({{"type", "card.moderated"}, {"phase", 1}, {"cardId", "c"}, {"action", "burn"}}), CorruptEvent);
}

}  // namespace
}  // namespace huddle::store

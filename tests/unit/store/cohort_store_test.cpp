// What the cohort store promises (store/cohort_store.hpp), in memory and on a real SQLite file: a cohort
// comes back exactly as saved, after a restart too; a reader never sees half of a replaced snapshot; and once
// a snapshot is replaced or removed, nothing of it is left in any byte of the files on disk, which is what
// keeps the order in which members answered (and so who wrote an anonymous reflection) unrecoverable.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>

#include "store/journal_error.hpp"
#include "store/memory_cohort_store.hpp"
#include "store/sqlite_cohort_store.hpp"

namespace huddle::store {
namespace {

namespace fs = std::filesystem;
using Cohorts = std::vector<std::pair<std::string, std::string>>;

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A snapshot as the programme layer writes one: JSON, with `text` inside, padded to about `bytes`.
std::string snapshot(const std::string& text, std::size_t bytes = 0) {
  std::string s = R"({"id":"c-1","reflections":[")" + text + R"("],"pad":")";
  s += std::string(bytes > s.size() ? bytes - s.size() : 0, 'p');
  return s + R"("})";
}

class TempDataFolder {
 public:
  TempDataFolder() {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = fs::temp_directory_path() / ("huddle-cohorts-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~TempDataFolder() { fs::remove_all(dir_); }
  const fs::path& path() const { return dir_; }
  // Every byte the store keeps on disk, as someone reading the disk would find them.
  std::string stored_on_disk() const {
    return file_bytes(dir_ / "programmes.db") + file_bytes(dir_ / "programmes.db-wal") +
           file_bytes(dir_ / "programmes.db-shm");
  }

 private:
  fs::path dir_;
};

enum class Backend { memory, sqlite };

class CohortStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  TempDataFolder folder;
  std::unique_ptr<CohortStore> store = open();

  std::unique_ptr<CohortStore> open() {
    if (GetParam() == Backend::memory) return std::make_unique<MemoryCohortStore>();
    return std::make_unique<SqliteCohortStore>(folder.path(), Durability::full);
  }
};

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::memory ? "memory" : "sqlite";
}

INSTANTIATE_TEST_SUITE_P(Backends, CohortStoreTest, ::testing::Values(Backend::memory, Backend::sqlite), backend_name);

TEST_P(CohortStoreTest, ACohortComesBackExactlyAsSaved) {
  const std::string unicode = snapshot("Zoë said: \"ça va\" \\ 😀 \n next line");
  ASSERT_FALSE(store->save("c-one", unicode));
  ASSERT_FALSE(store->save("c-two", snapshot("second", 50'000)));
  EXPECT_EQ(store->load_all(), (Cohorts{{"c-one", unicode}, {"c-two", snapshot("second", 50'000)}}));
}

TEST_P(CohortStoreTest, ASaveReplacesTheWholeSnapshot) {
  ASSERT_FALSE(store->save("c-one", snapshot("first version", 20'000)));
  ASSERT_FALSE(store->save("c-one", snapshot("second")));
  EXPECT_EQ(store->load_all(), (Cohorts{{"c-one", snapshot("second")}}));
}

TEST_P(CohortStoreTest, ARemovedCohortIsGoneAndTheOthersStay) {
  ASSERT_FALSE(store->save("c-one", snapshot("one")));
  ASSERT_FALSE(store->save("c-two", snapshot("two")));
  ASSERT_FALSE(store->remove("c-one"));
  EXPECT_EQ(store->load_all(), (Cohorts{{"c-two", snapshot("two")}}));
  EXPECT_FALSE(store->remove("c-never-stored"));
}

TEST_P(CohortStoreTest, StoredBytesFollowWhatIsKept) {
  const std::uint64_t empty = store->stored_bytes();
  ASSERT_FALSE(store->save("c-big", snapshot("big", 200'000)));
  EXPECT_GE(store->stored_bytes(), empty + 200'000);
  ASSERT_FALSE(store->remove("c-big"));
  EXPECT_LT(store->stored_bytes(), empty + 10'000);
}

// Readers loading while a writer replaces a cohort over and over see one whole version or the other, never a
// mix of both (a restart in the middle of a save finds the same).
TEST_P(CohortStoreTest, AReaderNeverSeesHalfOfAReplacedSnapshot) {
  const std::string a = snapshot(std::string(30'000, 'A'));
  const std::string b = snapshot(std::string(30'000, 'B'), 60'000);
  ASSERT_FALSE(store->save("c-one", a));
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    for (int i = 0; i < 40; ++i) EXPECT_FALSE(store->save("c-one", i % 2 ? a : b));
    writing = false;
  });
  int loads = 0;
  do {
    const auto cohorts = store->load_all();
    ASSERT_EQ(cohorts.size(), 1u);
    ASSERT_TRUE(cohorts[0].second == a || cohorts[0].second == b) << "a mixed snapshot of " << cohorts[0].second.size() << " bytes";
    ++loads;
  } while (writing);
  writer.join();
  EXPECT_GT(loads, 0);
  EXPECT_EQ(store->load_all(), (Cohorts{{"c-one", a}}));
}

class SqliteCohortStoreTest : public ::testing::Test {
 protected:
  TempDataFolder folder;
};

TEST_F(SqliteCohortStoreTest, CohortsSurviveARestart) {
  {
    SqliteCohortStore store(folder.path(), Durability::full);
    ASSERT_FALSE(store.save("c-one", snapshot("kept")));
    ASSERT_FALSE(store.save("c-two", snapshot("dropped")));
    ASSERT_FALSE(store.remove("c-two"));
  }
  SqliteCohortStore store(folder.path(), Durability::fast);
  EXPECT_EQ(store.file(), folder.path() / "programmes.db");
  EXPECT_EQ(store.load_all(), (Cohorts{{"c-one", snapshot("kept")}}));
}

// The heart of it: a replaced snapshot (short and inline, or long and spread over overflow pages) and a
// removed cohort leave no byte of their text in the database, its write-ahead log or its shared-memory file,
// while the store is open and after it is closed.
TEST_F(SqliteCohortStoreTest, NothingOfAReplacedOrRemovedSnapshotIsLeftOnDisk) {
  const std::string marker = "ZQX-reflection-marker-7731";
  const std::string kept = "KEPT-other-cohort-5520";
  {
    SqliteCohortStore store(folder.path(), Durability::full);
    ASSERT_FALSE(store.save("c-other", snapshot(kept)));
    ASSERT_FALSE(store.save("c-short", snapshot(marker)));
    ASSERT_FALSE(store.save("c-long", snapshot(marker + std::string(40'000, 'm') + marker, 120'000)));
    ASSERT_NE(folder.stored_on_disk().find(marker), std::string::npos) << "the raw read finds nothing at all";

    ASSERT_FALSE(store.save("c-short", snapshot("replaced")));
    ASSERT_FALSE(store.save("c-long", snapshot("replaced too", 5'000)));
    EXPECT_EQ(folder.stored_on_disk().find(marker), std::string::npos) << "a replaced snapshot is still on disk";
    EXPECT_NE(folder.stored_on_disk().find(kept), std::string::npos);

    ASSERT_FALSE(store.save("c-short", snapshot(marker, 3'000)));
    ASSERT_FALSE(store.remove("c-short"));
    EXPECT_EQ(folder.stored_on_disk().find(marker), std::string::npos) << "a removed cohort is still on disk";
  }
  EXPECT_EQ(folder.stored_on_disk().find(marker), std::string::npos);
  SqliteCohortStore reopened(folder.path(), Durability::full);
  EXPECT_EQ(reopened.load_all().size(), 2u);
}

TEST_F(SqliteCohortStoreTest, AFileThatIsNotADatabaseIsRefusedNamingIt) {
  std::ofstream(folder.path() / "programmes.db") << "not a database: a list of names, Ana, Ben, Chidi, and a lot more text\n";
  try {
    SqliteCohortStore store(folder.path(), Durability::full);
    FAIL() << "a damaged programme store was opened";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find((folder.path() / "programmes.db").string()), std::string::npos) << e.what();
  }
}

TEST_F(SqliteCohortStoreTest, AFolderItCannotWriteInIsRefused) {
  EXPECT_THROW(SqliteCohortStore(folder.path() / "no" / "such" / "folder", Durability::full), JournalError);
}

TEST_F(SqliteCohortStoreTest, AFileFromANewerHuddleIsRefusedNotMisread) {
  // A newer Huddle's file: its layout version is 2.
  { SqliteDatabase newer(folder.path() / "programmes.db", Durability::full, {"programme store", "-"}, "SELECT 1", 2); }
  try {
    SqliteCohortStore store(folder.path(), Durability::full);
    FAIL() << "a newer layout was opened";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find("layout version 2"), std::string::npos) << e.what();
  }
}

TEST_F(SqliteCohortStoreTest, ATruncatedFileIsNeverLoadedOnAGuess) {
  {
    SqliteCohortStore store(folder.path(), Durability::full);
    for (int i = 0; i < 60; ++i) ASSERT_FALSE(store.save("c-" + std::to_string(i), snapshot("cohort", 3'000)));
  }
  const fs::path file = folder.path() / "programmes.db";
  fs::resize_file(file, fs::file_size(file) / 2);
  try {
    SqliteCohortStore store(folder.path(), Durability::full);
    const auto cohorts = store.load_all();
    ADD_FAILURE() << "loaded " << cohorts.size() << " cohorts from a truncated file without complaint";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace huddle::store

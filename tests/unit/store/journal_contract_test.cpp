// What every journal promises (journal.hpp), checked against each backend on a real store: SQLite on a file,
// PostgreSQL in a throwaway server (support/postgres_instance.hpp). Every event comes back exactly as stored,
// across a reopen; sessions stay apart and in order; concurrent appends are all kept; a rewrite or removal
// leaves nothing of what it dropped anywhere in the store's files; a full store fails appends cleanly.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>

#include "core/forget_named_ballots.hpp"
#include "store/event_json.hpp"
#include "store/postgres_journal.hpp"
#include "store/sqlite_journal.hpp"
#include "support/postgres_instance.hpp"

namespace huddle::store {
namespace {

namespace fs = std::filesystem;
using namespace core;

enum class JournalBackend { sqlite, postgres };

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class JournalContractTest : public ::testing::TestWithParam<JournalBackend> {
 protected:
  fs::path dir;          // sqlite: the data folder
  std::string database;  // postgres: this test's database on the shared server

  void SetUp() override {
    if (GetParam() == JournalBackend::postgres) {
      HUDDLE_REQUIRE_POSTGRES();
      database = test::PostgresInstance::shared()->create_database();
      return;
    }
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir = fs::temp_directory_path() / ("huddle-journal-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override {
    if (!database.empty()) test::PostgresInstance::shared()->drop_database(database);
    if (!dir.empty()) fs::remove_all(dir);
  }

  // Opens the test's store (again, after a journal on it was closed).
  std::unique_ptr<Journal> open(Durability durability = Durability::full) {
    if (GetParam() == JournalBackend::postgres) {
      return std::make_unique<PostgresJournal>(test::PostgresInstance::shared()->uri(database), durability);
    }
    return std::make_unique<SqliteJournal>(dir / "huddle.db", durability);
  }

  static void set_size_limit(Journal& journal, std::uint64_t bytes) {
    if (auto* sqlite = dynamic_cast<SqliteJournal*>(&journal)) sqlite->set_size_limit(bytes);
    if (auto* postgres = dynamic_cast<PostgresJournal*>(&journal)) postgres->set_size_limit(bytes);
  }

  // Every byte the store keeps on disk (SQLite: the database and its write-ahead log; PostgreSQL: the files
  // of the database), as someone reading the disk would find them.
  std::string stored_bytes() {
    if (GetParam() == JournalBackend::postgres) return test::PostgresInstance::shared()->files_of(database);
    return bytes_of(dir / "huddle.db") + bytes_of(dir / "huddle.db-wal");
  }
};

void PrintTo(JournalBackend backend, std::ostream* out) { *out << (backend == JournalBackend::sqlite ? "sqlite" : "postgres"); }

std::string backend_name(const ::testing::TestParamInfo<JournalBackend>& info) {
  return info.param == JournalBackend::sqlite ? "sqlite" : "postgres";
}

INSTANTIATE_TEST_SUITE_P(Backends, JournalContractTest,
                         ::testing::Values(JournalBackend::sqlite, JournalBackend::postgres), backend_name);

// One of every event a session can journal, with every optional field set somewhere.
std::vector<Event> one_of_each() {
  PollSettings quick;
  quick.kind = PollKind::scale;
  quick.question = "Energy?";
  quick.scale = {1, 5, "Low", "High"};
  quick.timer_seconds = 30;
  return {
      ParticipantJoined{"p-1", "Dana", "hash", 2},
      ParticipantLeft{"p-1", true, 3},
      PhaseChanged{1, 4},
      PhaseChanged{std::nullopt, 5},
      TimerPaused{6},
      TimerResumed{7},
      TimerExtended{-30'000, 8},
      TimerWarned{9},
      TimerExpired{10},
      BallotCast{"poll-1", "a-key", SingleChoice{2}, std::nullopt},
      BallotCast{"poll-1", "p-1", MultiChoice{{0, 3}}, "Dana"},
      BallotCast{"poll-2", "a-k2", ScaleRating{-2}, std::nullopt},
      BallotCast{"poll-3", "a-k3", WordEntries{{"trust", "time"}}, std::nullopt},
      BallotCast{"poll-4", "a-k4", OpenAnswer{{"line one\nline two"}}, std::nullopt},
      BallotWithdrawn{"poll-1", "a-key"},
      PollControlled{"poll-1", PollAction::reveal, 11},
      QuickPollLaunched{"quick-1", quick, 12},
      CardSubmitted{2, "c-0123456789ab", "Why \"this\"?"},
      CardsReleased{2, 0xFFFF'FFFF'FFFF'FFFFull},
      CardModerated{2, "c-0123456789ab", CardAction::unaddressed},
      CardsMerged{2, "c-0123456789ab", "c-ba9876543210"},
      CardVoteChanged{2, "c-0123456789ab", "a-board", false},
      CardGroupRenamed{2, "g-budget", "Money"},
      RoomsFormed{3, {{"p-1", "p-2", "p-3"}, {"p-4", "p-5"}}, "auto"},
      RoomsFormed{3, {{}, {}}, "choose"},
      RoomMemberMoved{3, "p-4", 0},
      RoomMemberMoved{3, "p-5", -1},
      RoundsStarted{3, 14},
      RoomStepAdvanced{3, 1, 15},
      RoomTimeAdded{3, -1, -60'000},
      RoomTimeAdded{3, 0, 120'000},
      RoomsCalledBack{3, 16},
      RoomsClosed{3, 17},
      HelpRequested{3, 1, 18},
      HelpCleared{3, 1},
      ChecklistSaved{3, 0, 1, "p-3", {0, 2}, "Asked \"why\" twice\nthen listened"},
      Announced{"Back at 10:15 \xC3\xA0 la salle \xF0\x9F\x98\x80", 19},
      FishbowlSeated{4, 2, "p-1", 20},
      FishbowlSeated{4, 2, "", 21},
      FishbowlQueued{4, "p-2", true},
      FishbowlQueued{4, "p-2", false},
      ObservationWritten{4, "o-0123456789ab", "Nobody asked Jo \"why\"", ""},
      ObservationWritten{4, "o-ba9876543210", "The pause helped", "p-3"},
      ObservationSurfaced{4, "o-0123456789ab", true},
      ObservationHeld{4, "o-00aa11bb22cc", "Jo smiled at the end"},
      ObservationsReleased{4, 0xFFFF'FFFF'FFFF'FFFFull, true},
      BallotsRekeyed{"poll-1", {{"a-k5", SingleChoice{1}}, {"a-k6", MultiChoice{{0, 2}}}}},
      SessionEnded{13},
  };
}

TEST_P(JournalContractTest, EveryEventComesBackExactlyAfterAReopen) {
  const auto events = one_of_each();
  {
    auto journal = open(Durability::full);
    ASSERT_FALSE(journal->append("ABCDEF", {events.begin(), events.begin() + 5}));
    ASSERT_FALSE(journal->append("ABCDEF", {events.begin() + 5, events.end()}));
  }
  auto reopened = open(Durability::fast);
  const auto back = reopened->read("ABCDEF");
  ASSERT_EQ(back.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(event_to_json(back[i]), event_to_json(events[i])) << i;
    EXPECT_EQ(back[i].index(), events[i].index()) << i;
  }
}

// A named poll made anonymous (poll.hpp): the journal is rewritten so that no stored byte keeps the voters'
// ids or names, in the store's files or their free space, and the history still replays.
TEST_P(JournalContractTest, ARewriteLeavesNoTraceOfWhatItDropped) {
  std::vector<Event> named = {
      ParticipantJoined{"p-first", "Dana", "hash-1", 2},
      PollControlled{"poll-1", PollAction::named, 3},
      BallotCast{"poll-1", "p-voterzq1", SingleChoice{1}, "Quinby Arkwright"},
      BallotCast{"poll-1", "p-voterzq2", SingleChoice{0}, "Marisol Thistlewood"},
      BallotWithdrawn{"poll-1", "p-voterzq2"},
      BallotCast{"poll-1", "p-voterzq2", SingleChoice{2}, "Marisol Thistlewood"},
  };
  // A room's worth of named votes: more bytes dropped than the rewritten history takes, so that what was
  // dropped cannot all be covered by what is kept.
  for (int i = 3; i < 40; ++i) {
    named.push_back(BallotCast{"poll-1", "p-voterzq" + std::to_string(i), SingleChoice{i % 3}, "Voter Quinby Arkwright " + std::to_string(i)});
  }
  const std::vector<Event> switched = {
      PollControlled{"poll-1", PollAction::anonymous, 4},
      BallotsRekeyed{"poll-1", {{"a-0a1b", SingleChoice{1}}, {"a-9f8e", SingleChoice{2}}}},
  };
  {
    auto journal = open(Durability::full);
    ASSERT_FALSE(journal->append("ABCDEF", named));
    ASSERT_FALSE(journal->append("GHIJKL", {ParticipantJoined{"p-other", "Other", "hash-2", 2}}));
    ASSERT_FALSE(journal->append("ABCDEF", switched));
    ASSERT_NE(stored_bytes().find("Quinby Arkwright"), std::string::npos);  // on disk before the rewrite
    ASSERT_FALSE(journal->rewrite("ABCDEF", forget_named_ballots));
    // Appending after a rewrite continues the renumbered history.
    ASSERT_FALSE(journal->append("ABCDEF", {PollControlled{"poll-1", PollAction::close, 5}}));
    const std::string bytes = stored_bytes();
    for (const char* gone : {"p-voterzq", "Quinby Arkwright", "Marisol Thistlewood"}) {
      EXPECT_EQ(bytes.find(gone), std::string::npos) << gone << " is still stored";
    }
  }
  auto reopened = open(Durability::fast);
  const auto back = reopened->read("ABCDEF");
  ASSERT_EQ(back.size(), 5u);  // joined, named, anonymous, rekeyed, close
  EXPECT_TRUE(std::holds_alternative<BallotsRekeyed>(back[3]));
  EXPECT_EQ(reopened->read("GHIJKL").size(), 1u);  // other sessions untouched
  EXPECT_FALSE(reopened->rewrite("ABCDEF", forget_named_ballots));  // nothing left to drop: left as it is
  EXPECT_EQ(reopened->read("ABCDEF").size(), 5u);
}

// Text that does not compress, so that it is on disk as written, to be looked for.
std::string incompressible(std::size_t size, std::uint64_t seed) {
  std::string text;
  for (std::uint64_t x = seed; text.size() < size;) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    text += "0123456789abcdef"[x % 16];
  }
  return text;
}

// A session deleted (retention, or by its facilitator) cannot be read back, from the journal or its files.
TEST_P(JournalContractTest, ARemovedSessionLeavesNoTrace) {
  // The removed session sits between two writes of a kept one, so that its rows are not simply at the end
  // of the files (where a store may just cut them off); its long answer, stored out of line by PostgreSQL
  // (TOAST), has the name at both ends.
  const std::string essay = "Zebulon Fairweather " + incompressible(5000, 88172645463325252ull) + " Zebulon Fairweather";
  {
    auto journal = open(Durability::full);
    ASSERT_FALSE(journal->append("GHIJKL", {ParticipantJoined{"p-kept", "Other", "hash-2", 2}}));
    ASSERT_FALSE(journal->append("ABCDEF", {ParticipantJoined{"p-gone", "Ottoline Quarrington", "hash-1", 2},
                                            CardSubmitted{2, "c-1", "Ottoline Quarrington thinks the budget is wrong"},
                                            BallotCast{"poll-1", "a-k1", OpenAnswer{{essay}}, std::nullopt},
                                            CardSubmitted{2, "c-2", "Ottoline Quarrington, again"}}));
    ASSERT_FALSE(journal->append("GHIJKL", {TimerPaused{3}, BallotCast{"poll-1", "a-k2", OpenAnswer{{incompressible(5000, 7)}},
                                                                        std::nullopt}}));
    const std::string before = stored_bytes();
    ASSERT_NE(before.find("Ottoline Quarrington"), std::string::npos);
    ASSERT_NE(before.find("Zebulon Fairweather"), std::string::npos);
    ASSERT_FALSE(journal->remove("ABCDEF"));
    EXPECT_FALSE(journal->contains("ABCDEF"));
    EXPECT_TRUE(journal->read("ABCDEF").empty());
    EXPECT_EQ(journal->sessions(), std::vector<std::string>{"GHIJKL"});
    const std::string after = stored_bytes();
    for (const char* gone : {"Ottoline Quarrington", "p-gone", "Zebulon Fairweather"}) {
      EXPECT_EQ(after.find(gone), std::string::npos) << gone << " is still stored";
    }
  }
  auto reopened = open();
  EXPECT_FALSE(reopened->contains("ABCDEF"));
  EXPECT_EQ(reopened->read("GHIJKL").size(), 3u);
}

TEST_P(JournalContractTest, AnEditThatKeepsEverythingWritesNothing) {
  auto journal = open();
  ASSERT_FALSE(journal->append("ABCDEF", {ParticipantJoined{"p-1", "Dana", "hash", 2}}));
  ASSERT_FALSE(journal->rewrite("ABCDEF", [](const std::vector<Event>&) { return std::optional<std::vector<Event>>{}; }));
  ASSERT_FALSE(journal->rewrite("NOSUCH", forget_named_ballots));
  EXPECT_EQ(journal->read("ABCDEF").size(), 1u);
  EXPECT_FALSE(journal->contains("NOSUCH"));
}

TEST_P(JournalContractTest, AnEditThatFailsLeavesTheHistoryWhole) {
  auto journal = open();
  ASSERT_FALSE(journal->append("ABCDEF", {ParticipantJoined{"p-1", "Dana", "hash", 2}, TimerPaused{3}}));
  EXPECT_TRUE(journal->rewrite("ABCDEF", [](const std::vector<Event>&) -> std::optional<std::vector<Event>> {
    throw std::runtime_error("the edit gave up");
  }));
  EXPECT_EQ(journal->read("ABCDEF").size(), 2u);
  EXPECT_FALSE(journal->append("ABCDEF", {TimerResumed{4}})) << "the journal is usable after the failed rewrite";
  EXPECT_EQ(journal->read("ABCDEF").size(), 3u);
}

TEST_P(JournalContractTest, TheScenarioIsStoredAsItsTextAndParsedAgain) {
  std::ifstream in(fs::path(HUDDLE_SOURCE_DIR) / "scenarios" / "first-time-manager.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto scenario = std::make_shared<Scenario>();
  scenario->source = text;
  {
    auto journal = open(Durability::full);
    ASSERT_FALSE(journal->append("ABCDEF", {SessionCreated{"ABCDEF", "keyhash", scenario, 50, 1}}));
  }
  auto reopened = open(Durability::full);
  const auto back = reopened->read("ABCDEF");
  ASSERT_EQ(back.size(), 1u);
  const auto& created = std::get<SessionCreated>(back[0]);
  EXPECT_EQ(created.scenario->id, "first-time-manager");
  EXPECT_EQ(created.scenario->source, text);
  EXPECT_EQ(created.max_participants, 50u);
}

TEST_P(JournalContractTest, SessionsStayApartAndInOrder) {
  auto journal = open();
  for (int i = 0; i < 5; ++i) {
    ASSERT_FALSE(journal->append("BBBBBB", {TimerExpired{100 + i}}));
    ASSERT_FALSE(journal->append("AAAAAA", {TimerWarned{i}}));
  }
  EXPECT_EQ(journal->sessions(), (std::vector<std::string>{"AAAAAA", "BBBBBB"}));
  EXPECT_TRUE(journal->contains("AAAAAA"));
  const auto a = journal->read("AAAAAA");
  ASSERT_EQ(a.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(std::get<TimerWarned>(a[static_cast<std::size_t>(i)]).at, i);
  EXPECT_TRUE(journal->read("CCCCCC").empty());
  EXPECT_FALSE(journal->contains("CCCCCC"));
}

TEST_P(JournalContractTest, ConcurrentAppendsAreAllStoredOnceAndInOrder) {
  // Eight sessions on eight threads append at once, as strands do; group commit must keep every event of
  // every request, in each session's order.
  auto journal = open(Durability::fast);
  constexpr int sessions = 8, requests = 150;
  std::vector<std::thread> threads;
  for (int t = 0; t < sessions; ++t) {
    threads.emplace_back([&journal, t] {
      const std::string code = "SESS0" + std::to_string(t);
      for (int i = 0; i < requests; ++i) {
        EXPECT_FALSE(journal->append(code, {TimerWarned{i}, TimerExpired{i}}));
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < sessions; ++t) {
    const auto events = journal->read("SESS0" + std::to_string(t));
    ASSERT_EQ(events.size(), static_cast<std::size_t>(2 * requests));
    for (int i = 0; i < requests; ++i) {
      EXPECT_EQ(std::get<TimerWarned>(events[static_cast<std::size_t>(2 * i)]).at, i);
      EXPECT_EQ(std::get<TimerExpired>(events[static_cast<std::size_t>(2 * i + 1)]).at, i);
    }
  }
}

TEST_P(JournalContractTest, AFullStoreFailsTheAppendCleanlyAndRecoversWhenSpaceReturns) {
  auto journal = open();
  ASSERT_FALSE(journal->append("ABCDEF", {TimerWarned{1}}));
  set_size_limit(*journal, 1);  // no room beyond what is in use: a full disk
  std::error_code failed;
  int stored = 1;
  for (int i = 0; i < 10'000 && !failed; ++i) {
    failed = journal->append("ABCDEF", {CardSubmitted{2, "c-" + std::to_string(i), std::string(500, 'x')}});
    if (!failed) ++stored;
  }
  ASSERT_TRUE(failed) << "the cap never bit";
  EXPECT_EQ(failed, std::make_error_code(std::errc::no_space_on_device)) << failed.message();
  EXPECT_EQ(journal->read("ABCDEF").size(), static_cast<std::size_t>(stored)) << "the failed append left nothing behind";
  set_size_limit(*journal, 0);
  EXPECT_FALSE(journal->append("ABCDEF", {TimerExpired{2}})) << "space came back";
  EXPECT_EQ(journal->read("ABCDEF").size(), static_cast<std::size_t>(stored + 1));
}

TEST_P(JournalContractTest, ALongHistoryIsHandedOverOneEventAtATimeWithItsStoredSize) {
  // A vote storm: 20,000 ballots, each replacing the one before. for_each hands them over in order, one at a
  // time, with the bytes each takes in the store, which is what a session's quota counts after a restart.
  constexpr int ballots = 20'000;
  std::uint64_t written_bytes = 0;
  {
    auto journal = open(Durability::fast);
    std::vector<Event> batch;
    for (int i = 0; i < ballots; ++i) {
      batch.push_back(BallotCast{"poll-1", "a-key", OpenAnswer{{"spam " + std::to_string(i)}}, std::nullopt});
      written_bytes += event_to_json(batch.back()).dump().size();
      if (batch.size() == 1000) {
        ASSERT_FALSE(journal->append("ABCDEF", batch));
        batch.clear();
      }
    }
  }
  auto reopened = open(Durability::fast);
  int seen = 0;
  std::uint64_t read_bytes = 0;
  reopened->for_each("ABCDEF", [&](Event&& event, std::size_t bytes) {
    const auto& cast = std::get<BallotCast>(event);
    EXPECT_EQ(std::get<OpenAnswer>(cast.ballot).texts.at(0), "spam " + std::to_string(seen)) << "out of order";
    EXPECT_EQ(bytes, event_to_json(event).dump().size());
    read_bytes += bytes;
    ++seen;
  });
  EXPECT_EQ(seen, ballots);
  EXPECT_EQ(read_bytes, written_bytes);
  int others = 0;
  reopened->for_each("ZZZZZZ", [&](Event&&, std::size_t) { ++others; });
  EXPECT_EQ(others, 0);
}

TEST_P(JournalContractTest, AReplayThatStopsHalfwayLeavesTheJournalUsable) {
  auto journal = open(Durability::fast);
  std::vector<Event> events;
  for (int i = 0; i < 50; ++i) events.push_back(TimerPaused{i + 1});
  ASSERT_FALSE(journal->append("ABCDEF", events));
  int seen = 0;
  // A replay refuses the 10th event (as core::Replayer does with one that cannot come where it is): the
  // read stops there, without having read the rest into memory first.
  EXPECT_THROW(journal->for_each("ABCDEF",
                                 [&](Event&&, std::size_t) {
                                   if (++seen == 10) throw std::runtime_error("refused");
                                 }),
               std::runtime_error);
  EXPECT_EQ(seen, 10);
  EXPECT_FALSE(journal->append("ABCDEF", {TimerResumed{60}})) << "the statement and the lock were released";
  EXPECT_EQ(journal->read("ABCDEF").size(), 51u);
}

}  // namespace
}  // namespace huddle::store

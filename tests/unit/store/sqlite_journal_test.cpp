// The SQLite journal on a real file: every event comes back exactly as stored, across a reopen; sessions stay
// apart and in order; a damaged file is refused with a message that says so, never replayed.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>

#include "core/forget_named_ballots.hpp"
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
      Announced{"Back at 10:15", 19},
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

TEST_F(SqliteJournalTest, EveryEventComesBackExactlyAfterAReopen) {
  const auto events = one_of_each();
  {
    SqliteJournal journal(file, Durability::full);
    ASSERT_FALSE(journal.append("ABCDEF", {events.begin(), events.begin() + 5}));
    ASSERT_FALSE(journal.append("ABCDEF", {events.begin() + 5, events.end()}));
  }
  SqliteJournal reopened(file, Durability::fast);
  const auto back = reopened.read("ABCDEF");
  ASSERT_EQ(back.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(event_to_json(back[i]), event_to_json(events[i])) << i;
    EXPECT_EQ(back[i].index(), events[i].index()) << i;
  }
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A named poll made anonymous (poll.hpp): the journal is rewritten so that no stored byte keeps the voters'
// ids or names, in the database, its free pages or its write-ahead log, and the history still replays.
TEST_F(SqliteJournalTest, ARewriteLeavesNoTraceOfWhatItDropped) {
  const std::vector<Event> named = {
      ParticipantJoined{"p-first", "Dana", "hash-1", 2},
      PollControlled{"poll-1", PollAction::named, 3},
      BallotCast{"poll-1", "p-voterzq1", SingleChoice{1}, "Quinby Arkwright"},
      BallotCast{"poll-1", "p-voterzq2", SingleChoice{0}, "Marisol Thistlewood"},
      BallotWithdrawn{"poll-1", "p-voterzq2"},
      BallotCast{"poll-1", "p-voterzq2", SingleChoice{2}, "Marisol Thistlewood"},
  };
  const std::vector<Event> switched = {
      PollControlled{"poll-1", PollAction::anonymous, 4},
      BallotsRekeyed{"poll-1", {{"a-0a1b", SingleChoice{1}}, {"a-9f8e", SingleChoice{2}}}},
  };
  {
    SqliteJournal journal(file, Durability::full);
    ASSERT_FALSE(journal.append("ABCDEF", named));
    ASSERT_FALSE(journal.append("GHIJKL", {ParticipantJoined{"p-other", "Other", "hash-2", 2}}));
    ASSERT_FALSE(journal.append("ABCDEF", switched));
    const std::string stored = bytes_of(file) + bytes_of(fs::path(file.string() + "-wal"));
    ASSERT_NE(stored.find("Quinby Arkwright"), std::string::npos);  // on disk before the rewrite
    ASSERT_FALSE(journal.rewrite("ABCDEF", forget_named_ballots));
    // Appending after a rewrite continues the renumbered history.
    ASSERT_FALSE(journal.append("ABCDEF", {PollControlled{"poll-1", PollAction::close, 5}}));
    for (const auto& f : {file, fs::path(file.string() + "-wal")}) {
      const std::string bytes = bytes_of(f);
      for (const char* gone : {"p-voterzq1", "p-voterzq2", "Quinby Arkwright", "Marisol Thistlewood"}) {
        EXPECT_EQ(bytes.find(gone), std::string::npos) << gone << " is still in " << f;
      }
    }
  }
  SqliteJournal reopened(file, Durability::fast);
  const auto back = reopened.read("ABCDEF");
  ASSERT_EQ(back.size(), 5u);  // joined, named, anonymous, rekeyed, close
  EXPECT_TRUE(std::holds_alternative<BallotsRekeyed>(back[3]));
  EXPECT_EQ(reopened.read("GHIJKL").size(), 1u);  // other sessions untouched
  EXPECT_FALSE(reopened.rewrite("ABCDEF", forget_named_ballots));  // nothing left to drop: left as it is
  EXPECT_EQ(reopened.read("ABCDEF").size(), 5u);
}

TEST_F(SqliteJournalTest, AnEditThatKeepsEverythingWritesNothing) {
  SqliteJournal journal(file, Durability::full);
  ASSERT_FALSE(journal.append("ABCDEF", {ParticipantJoined{"p-1", "Dana", "hash", 2}}));
  ASSERT_FALSE(journal.rewrite("ABCDEF", [](const std::vector<Event>&) { return std::optional<std::vector<Event>>{}; }));
  ASSERT_FALSE(journal.rewrite("NOSUCH", forget_named_ballots));
  EXPECT_EQ(journal.read("ABCDEF").size(), 1u);
}

TEST_F(SqliteJournalTest, TheScenarioIsStoredAsItsTextAndParsedAgain) {
  std::ifstream in(fs::path(HUDDLE_SOURCE_DIR) / "scenarios" / "first-time-manager.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto scenario = std::make_shared<Scenario>();
  scenario->source = text;
  {
    SqliteJournal journal(file, Durability::full);
    ASSERT_FALSE(journal.append("ABCDEF", {SessionCreated{"ABCDEF", "keyhash", scenario, 50, 1}}));
  }
  SqliteJournal reopened(file, Durability::full);
  const auto back = reopened.read("ABCDEF");
  ASSERT_EQ(back.size(), 1u);
  const auto& created = std::get<SessionCreated>(back[0]);
  EXPECT_EQ(created.scenario->id, "first-time-manager");
  EXPECT_EQ(created.scenario->source, text);
  EXPECT_EQ(created.max_participants, 50u);
}

TEST_F(SqliteJournalTest, SessionsStayApartAndInOrder) {
  SqliteJournal journal(file, Durability::full);
  for (int i = 0; i < 5; ++i) {
    ASSERT_FALSE(journal.append("AAAAAA", {TimerWarned{i}}));
    ASSERT_FALSE(journal.append("BBBBBB", {TimerExpired{100 + i}}));
  }
  EXPECT_EQ(journal.sessions(), (std::vector<std::string>{"AAAAAA", "BBBBBB"}));
  const auto a = journal.read("AAAAAA");
  ASSERT_EQ(a.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(std::get<TimerWarned>(a[static_cast<std::size_t>(i)]).at, i);
  EXPECT_TRUE(journal.read("CCCCCC").empty());
}

TEST_F(SqliteJournalTest, ConcurrentAppendsAreAllStoredOnceAndInOrder) {
  // Eight sessions on eight threads append at once, as strands do; group commit must keep every event of
  // every request, in each session's order.
  SqliteJournal journal(file, Durability::fast);
  constexpr int sessions = 8, requests = 150;
  std::vector<std::thread> threads;
  for (int t = 0; t < sessions; ++t) {
    threads.emplace_back([&journal, t] {
      const std::string code = "SESS0" + std::to_string(t);
      for (int i = 0; i < requests; ++i) {
        EXPECT_FALSE(journal.append(code, {TimerWarned{i}, TimerExpired{i}}));
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < sessions; ++t) {
    const auto events = journal.read("SESS0" + std::to_string(t));
    ASSERT_EQ(events.size(), static_cast<std::size_t>(2 * requests));
    for (int i = 0; i < requests; ++i) {
      EXPECT_EQ(std::get<TimerWarned>(events[static_cast<std::size_t>(2 * i)]).at, i);
      EXPECT_EQ(std::get<TimerExpired>(events[static_cast<std::size_t>(2 * i + 1)]).at, i);
    }
  }
}

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

TEST_F(SqliteJournalTest, AFullDiskFailsTheAppendCleanlyAndRecoversWhenSpaceReturns) {
  SqliteJournal journal(file, Durability::full);
  ASSERT_FALSE(journal.append("ABCDEF", {TimerWarned{1}}));
  journal.set_size_limit(1);  // no room beyond what is in use: a full disk, for SQLite
  std::error_code failed;
  int stored = 1;
  for (int i = 0; i < 10'000 && !failed; ++i) {
    failed = journal.append("ABCDEF", {CardSubmitted{2, "c-" + std::to_string(i), std::string(500, 'x')}});
    if (!failed) ++stored;
  }
  ASSERT_TRUE(failed) << "the cap never bit";
  EXPECT_EQ(failed, std::make_error_code(std::errc::no_space_on_device)) << failed.message();
  EXPECT_EQ(journal.read("ABCDEF").size(), static_cast<std::size_t>(stored)) << "the failed append left nothing behind";
  journal.set_size_limit(0);
  EXPECT_FALSE(journal.append("ABCDEF", {TimerExpired{2}})) << "space came back";
  EXPECT_EQ(journal.read("ABCDEF").size(), static_cast<std::size_t>(stored + 1));
}

TEST_F(SqliteJournalTest, ALongHistoryIsHandedOverOneEventAtATimeWithItsStoredSize) {
  // A vote storm: 20,000 ballots, each replacing the one before. for_each hands them over in order, one at a
  // time, with the bytes each takes in the file, which is what a session's quota counts after a restart.
  constexpr int ballots = 20'000;
  std::uint64_t written_bytes = 0;
  {
    SqliteJournal journal(file, Durability::fast);
    std::vector<Event> batch;
    for (int i = 0; i < ballots; ++i) {
      batch.push_back(BallotCast{"poll-1", "a-key", OpenAnswer{{"spam " + std::to_string(i)}}, std::nullopt});
      written_bytes += event_to_json(batch.back()).dump().size();
      if (batch.size() == 1000) {
        ASSERT_FALSE(journal.append("ABCDEF", batch));
        batch.clear();
      }
    }
  }
  SqliteJournal reopened(file, Durability::fast);
  int seen = 0;
  std::uint64_t read_bytes = 0;
  reopened.for_each("ABCDEF", [&](Event&& event, std::size_t bytes) {
    const auto& cast = std::get<BallotCast>(event);
    EXPECT_EQ(std::get<OpenAnswer>(cast.ballot).texts.at(0), "spam " + std::to_string(seen)) << "out of order";
    EXPECT_EQ(bytes, event_to_json(event).dump().size());
    read_bytes += bytes;
    ++seen;
  });
  EXPECT_EQ(seen, ballots);
  EXPECT_EQ(read_bytes, written_bytes);
  int others = 0;
  reopened.for_each("ZZZZZZ", [&](Event&&, std::size_t) { ++others; });
  EXPECT_EQ(others, 0);
}

TEST_F(SqliteJournalTest, AReplayThatStopsHalfwayLeavesTheJournalUsable) {
  SqliteJournal journal(file, Durability::fast);
  std::vector<Event> events;
  for (int i = 0; i < 50; ++i) events.push_back(TimerPaused{i + 1});
  ASSERT_FALSE(journal.append("ABCDEF", events));
  int seen = 0;
  // A replay refuses the 10th event (as core::Replayer does with one that cannot come where it is): the
  // read stops there, without having read the rest into memory first.
  EXPECT_THROW(journal.for_each("ABCDEF",
                                [&](Event&&, std::size_t) {
                                  if (++seen == 10) throw std::runtime_error("refused");
                                }),
               std::runtime_error);
  EXPECT_EQ(seen, 10);
  EXPECT_FALSE(journal.append("ABCDEF", {TimerResumed{60}})) << "the statement and the lock were released";
  EXPECT_EQ(journal.read("ABCDEF").size(), 51u);
}

TEST_F(SqliteJournalTest, AStoredEventThatMakesNoSenseIsReportedNotGuessed) {
  EXPECT_THROW(event_from_json({{"type", "ballot.cast"}, {"pollId", "poll-1"}}), CorruptEvent);
  EXPECT_THROW(event_from_json({{"type", "no.such.thing"}}), CorruptEvent);
  EXPECT_THROW(event_from_json({{"type", "card.moderated"}, {"phase", 1}, {"cardId", "c"}, {"action", "burn"}}), CorruptEvent);
}

}  // namespace
}  // namespace huddle::store

// A journal that goes away (a PostgreSQL restart under a cluster node): a change made meanwhile is refused
// and undone, and while the session cannot even read back what is stored it takes no change at all, so
// nothing unacknowledged ever shows as counted; once the journal answers again the session carries on.
#include <chrono>

#include <gtest/gtest.h>

#include "support/live_session_fixture.hpp"
#include "support/test_scenario.hpp"

namespace huddle::hub {
namespace {

using huddle::test::FakeClient;

// The memory journal, with a switch that makes every call fail as a database that cannot be reached.
class SwitchableJournal final : public store::Journal {
 public:
  bool down = false;
  std::error_code append(const std::string& code, const std::vector<core::Event>& events) override {
    if (down) return std::make_error_code(std::errc::not_connected);
    return inner_.append(code, events);
  }
  void for_each(const std::string& code, const EventVisitor& visit) override {
    if (down) throw std::runtime_error("the database cannot be reached");
    inner_.for_each(code, visit);
  }
  std::vector<std::string> sessions() override { return inner_.sessions(); }
  bool contains(const std::string& code) override { return inner_.contains(code); }
  std::error_code remove(const std::string& code) override { return inner_.remove(code); }
  std::error_code rewrite(const std::string& code, const Edit& edit) override { return inner_.rewrite(code, edit); }

 private:
  store::MemoryJournal inner_;
};

class UnreachableJournalTest : public test::LiveSessionFixture {
 protected:
  SwitchableJournal switchable;
  void SetUp() override {
    store = &switchable;
    start(test::three_phase_scenario());
  }
  // Runs the session's handlers, timers included, until `done` holds (at most ~5 s of its timers).
  template <class F>
  bool until(F&& done) {
    for (int i = 0; i < 100 && !done(); ++i) {
      ioc.restart();
      ioc.run_one_for(std::chrono::milliseconds(50));
      drain();
    }
    return done();
  }
};

TEST_F(UnreachableJournalTest, ChangesAreRefusedUntilTheJournalAnswersAndNothingUnstoredIsCounted) {
  auto ana = joined("Ana");
  auto ben = joined("Ben");
  ASSERT_EQ(request(facilitator, protocol::PhaseGoto{1})["type"], "ack");
  ASSERT_EQ(request(ana, protocol::PollVote{"poll-1", {{"choice", 0}}})["type"], "ack");

  switchable.down = true;
  const auto refused = request(ben, protocol::PollVote{"poll-1", {{"choice", 1}}});
  EXPECT_EQ(refused["type"], "error");
  EXPECT_EQ(refused["code"], "unavailable");
  // The session could not read back what is stored: it takes nothing until it can.
  const auto again = request(ana, protocol::PollVote{"poll-1", {{"choice", 2}}});
  EXPECT_EQ(again["code"], "unavailable") << again.dump();
  EXPECT_EQ(request(facilitator, protocol::PhaseGoto{2})["code"], "unavailable");

  switchable.down = false;
  // Within a moment (it tries every half second) it reads the journal back and takes changes again; the
  // vote refused above was never counted.
  ASSERT_TRUE(until([&] {
    return request(ben, protocol::PollVote{"poll-1", {{"choice", 1}}})["type"] == "ack";
  }));
  ASSERT_TRUE(until([&] { return facilitator->latest(Topic::console)["data"]["poll"]["voterCount"] == 2; }));
  const auto ballots = facilitator->latest(Topic::console)["data"]["poll"];
  EXPECT_EQ(ballots["voterCount"], 2) << ballots.dump();
  EXPECT_EQ(request(facilitator, protocol::PhaseGoto{2})["type"], "ack");
}

}  // namespace
}  // namespace huddle::hub

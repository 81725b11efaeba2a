// Bounded storage, without sockets: a session stops storing at its quota (and says so with quota_exceeded,
// changing nothing), yet can still be ended; one participant is paced to their allowance of changes; and
// the quota counts what the journal already held when the session was loaded.
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "core/rules.hpp"
#include "hub/change_pace.hpp"
#include "hub/secrets.hpp"
#include "hub/session_host.hpp"
#include "hub/storage_quota.hpp"
#include "store/event_json.hpp"
#include "store/memory_journal.hpp"
#include "support/fake_client.hpp"
#include "support/live_session_fixture.hpp"
#include "support/test_scenario.hpp"

namespace huddle::hub {
namespace {

using test::FakeClient;
using namespace std::chrono_literals;

TEST(StorageQuota, ChangesFitUntilEitherLimitIsReached) {
  StorageQuota quota({.max_events = 10, .max_bytes = 1000, .changes_per_minute = 0, .changes_burst = 0}, {8, 500});
  EXPECT_TRUE(quota.fits({2, 500}));
  EXPECT_FALSE(quota.fits({3, 10}));   // one event too many
  EXPECT_FALSE(quota.fits({1, 501}));  // one byte too many
  quota.add({2, 100});
  EXPECT_FALSE(quota.fits({1, 1}));
  EXPECT_EQ(quota.used().events, 10u);
  EXPECT_EQ(quota.used().bytes, 600u);
  quota.reset({3, 30});  // back to what the journal holds
  EXPECT_TRUE(quota.fits({7, 970}));
}

TEST(StorageQuota, ZeroMeansNoLimit) {
  const StorageQuota quota({.max_events = 0, .max_bytes = 0, .changes_per_minute = 0, .changes_burst = 0}, {1'000'000'000, 1'000'000'000'000});
  EXPECT_TRUE(quota.fits({1'000'000, 1'000'000'000}));
}

TEST(ChangePace, APersonGetsABurstThenTheirPace) {
  ChangePace pace({.changes_per_minute = 60, .changes_burst = 30});
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(pace.take("p-dana", t0)) << i;
  EXPECT_FALSE(pace.take("p-dana", t0));
  EXPECT_TRUE(pace.take("p-sam", t0));  // everyone has their own allowance
  EXPECT_FALSE(pace.take("p-dana", t0 + 500ms));
  EXPECT_TRUE(pace.take("p-dana", t0 + 1s));  // one a second at 60 a minute
  EXPECT_FALSE(pace.take("p-dana", t0 + 1s));
  EXPECT_EQ(pace.per_minute(), 60);
}

TEST(ChangePace, AnHonestRaterIsNeverHeldBack) {
  // Someone who changes their rating every two seconds for an hour.
  ChangePace pace({.changes_per_minute = 60, .changes_burst = 30});
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  for (int i = 0; i < 1800; ++i) ASSERT_TRUE(pace.take("p-dana", t0 + i * 2s)) << i;
}

TEST(ChangePace, ZeroMeansNoPace) {
  ChangePace pace({.changes_per_minute = 0, .changes_burst = 0});
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(pace.take("p-dana", {}));
}

class StorageQuotaSessionTest : public test::LiveSessionFixture {
 protected:
  void start(StorageLimits limits) { LiveSessionFixture::start(test::three_phase_scenario(), limits); }
  nlohmann::json vote(const std::shared_ptr<FakeClient>& c, int choice) {
    return request(c, protocol::PollVote{"poll-1", {{"choice", choice}}});
  }
};

TEST_F(StorageQuotaSessionTest, AtTheQuotaAChangeIsRefusedWholeAndTheSessionCanStillBeEnded) {
  start({.max_events = 10, .max_bytes = 1024 * 1024, .changes_per_minute = 0, .changes_burst = 0});
  ASSERT_EQ(request(facilitator, protocol::PhaseGoto{1})["type"], "ack");
  auto dana = joined("Dana");
  const std::size_t before = journal.read("ABCDEF").size();
  ASSERT_LT(before, 9u);
  for (std::size_t i = before; i < 10; ++i) ASSERT_EQ(vote(dana, static_cast<int>(i % 3))["type"], "ack") << i;
  const std::size_t stored = journal.read("ABCDEF").size();
  EXPECT_EQ(stored, 10u);
  const auto last = dana->latest(Topic::me)["data"]["ballot"]["ballot"];

  auto refused = vote(dana, 1);  // a change: the loop's last vote was for option 0
  ASSERT_EQ(refused["type"], "error");
  EXPECT_EQ(refused["code"], "quota_exceeded");
  EXPECT_NE(refused["message"].get<std::string>().find("nothing more can be saved"), std::string::npos);
  EXPECT_EQ(journal.read("ABCDEF").size(), stored);
  EXPECT_EQ(dana->latest(Topic::me)["data"]["ballot"]["ballot"], last);  // the last stored vote stands

  // Nobody new gets in either, and the facilitator's own changes count too.
  auto sam = std::make_shared<FakeClient>();
  host->join(sam, protocol::RequestId{next_id++}, "Sam");
  drain();
  EXPECT_EQ(sam->replies.back()["code"], "quota_exceeded");
  EXPECT_EQ(request(facilitator, protocol::PhaseGoto{2})["code"], "quota_exceeded");

  // What stores nothing still works, and the session can be wound up.
  EXPECT_EQ(request(dana, protocol::Resync{})["type"], "ack");
  EXPECT_EQ(request(facilitator, protocol::SessionEnd{})["type"], "ack");
  EXPECT_EQ(journal.read("ABCDEF").size(), stored + 1);
}

TEST_F(StorageQuotaSessionTest, TheByteQuotaCountsWhatTheJournalStores) {
  start({.max_events = 0, .max_bytes = 2000, .changes_per_minute = 0, .changes_burst = 0});
  ASSERT_EQ(request(facilitator, protocol::PhaseGoto{1})["type"], "ack");
  auto dana = joined("Dana");
  std::size_t acks = 0;
  for (int i = 0; i < 100 && vote(dana, i % 3)["type"] == "ack"; ++i) ++acks;
  EXPECT_GT(acks, 0u);
  EXPECT_LT(acks, 100u);
  EXPECT_EQ(dana->replies.back()["code"], "quota_exceeded");
  std::size_t bytes = 0;
  for (const auto& e : journal.read("ABCDEF")) bytes += store::event_to_json(e).dump().size();
  EXPECT_LE(bytes, 2000u);
}

TEST_F(StorageQuotaSessionTest, AParticipantChangingThingsTooFastIsPacedButTheFacilitatorIsNot) {
  start({.max_events = 0, .max_bytes = 0, .changes_per_minute = 60, .changes_burst = 5});
  ASSERT_EQ(request(facilitator, protocol::PhaseGoto{1})["type"], "ack");
  auto dana = joined("Dana");
  auto sam = joined("Sam");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(vote(dana, i % 3)["type"], "ack") << i;
  const std::size_t stored = journal.read("ABCDEF").size();
  const auto refused = vote(dana, 0);
  EXPECT_EQ(refused["code"], "rate_limited");
  EXPECT_NE(refused["message"].get<std::string>().find("You are changing things faster than"), std::string::npos);
  EXPECT_EQ(journal.read("ABCDEF").size(), stored);
  EXPECT_EQ(vote(sam, 1)["type"], "ack");  // Sam has his own allowance
  for (const auto* what : {"close", "open", "close", "open", "close", "open"}) {
    EXPECT_EQ(request(facilitator, protocol::PollControl{"poll-1", what})["type"], "ack") << what;
  }
  // Reading stores nothing, so it is never paced, and leaving always works.
  EXPECT_EQ(request(dana, protocol::Resync{})["type"], "ack");
  EXPECT_EQ(request(dana, protocol::Leave{})["type"], "ack");
}

TEST_F(StorageQuotaSessionTest, TheQuotaStartsFromWhatTheJournalAlreadyHeld) {
  // The same session twice: once loaded with nothing counted, once with its quota all but used (as
  // Hub::recover counts a journal it replays). Only the first may still store a vote.
  for (const std::uint64_t already : {std::uint64_t{0}, std::uint64_t{100}}) {
    auto created = core::create_session("ABCDEF", sha256_hex("the-key"), test::three_phase_scenario(), 1000, 1000);
    core::SessionState state;
    core::apply(state, created);
    core::apply(state, core::PhaseChanged{1, 1000});
    host = std::make_shared<SessionHost>(ioc.get_executor(), std::move(state), journal, ioc.get_executor(), metrics,
                                         [] { return 5000; },
                                         StorageLimits{.max_events = 100, .max_bytes = 0, .changes_per_minute = 0,
                                                       .changes_burst = 0},
                                         StorageUse{already, 0});
    auto dana = joined("Dana");
    ASSERT_EQ(dana->replies.back()["type"], already == 0 ? "ack" : "error");
    if (already == 0) {
      EXPECT_EQ(vote(dana, 1)["type"], "ack");
    } else {
      EXPECT_EQ(dana->replies.back()["code"], "quota_exceeded");
    }
  }
}

TEST_F(StorageQuotaSessionTest, PagingThroughResultsIsForTheFacilitatorAndStoresNothing) {
  start({.max_events = 4, .max_bytes = 0, .changes_per_minute = 0, .changes_burst = 0});
  ASSERT_EQ(request(facilitator, protocol::PhaseGoto{1})["type"], "ack");
  auto dana = joined("Dana");
  ASSERT_EQ(vote(dana, 1)["type"], "ack");
  ASSERT_EQ(vote(dana, 2)["code"], "quota_exceeded");
  const auto page = request(facilitator, protocol::PollResults{"poll-1", 0, 10});
  EXPECT_EQ(page["type"], "ack");
  EXPECT_EQ(page["result"]["pollId"], "poll-1");
  EXPECT_EQ(request(dana, protocol::PollResults{"poll-1", 0, 10})["code"], "forbidden");
  EXPECT_EQ(request(facilitator, protocol::PollResults{"poll-404", 0, 10})["code"], "poll_not_found");
  EXPECT_EQ(request(facilitator, protocol::PollResults{"poll-1", -1, 10})["code"], "invalid_field");
  EXPECT_EQ(request(facilitator, protocol::PollResults{"poll-1", 0, 201})["code"], "invalid_field");
}

}  // namespace
}  // namespace huddle::hub

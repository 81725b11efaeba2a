// Feedback fishbowls inside a session, through decide() and apply() as the hub runs them: seats taken and
// given, the queue and the empty chair, time in the inner circle on server time passed in, observations from
// the outer circle, and the anonymity of an anonymous observation in every view, event and report.
#include <gtest/gtest.h>

#include "core/fishbowl/fishbowl_views.hpp"
#include "core/fishbowl_rules.hpp"
#include "core/replay.hpp"
#include "core/report.hpp"
#include "core/views.hpp"
#include "store/event_json.hpp"
#include "support/session_fixture.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using protocol::ErrorCode;

class FishbowlSession : public test::RecordingSessionFixture {
 protected:
  void start(bool volunteer = true, bool named = false, int people = 5) {
    state = SessionState{};
    journal.clear();
    record(create_session("ABCDEF", "keyhash", test::fishbowl_scenario(volunteer, named), 100, now));
    for (int i = 0; i < people; ++i) {
      const std::string n = std::to_string(i);
      ASSERT_TRUE(act(Actor::visitor(), JoinSession{"p" + n, "Person " + n, "h" + n}).ok());
    }
    ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{3}).ok());
  }
  Outcome as(const std::string& id, const Command& command) { return act(Actor::participant(id), command); }
  const Fishbowl& bowl() const { return state.activity.fishbowls.at(3); }
  std::string seated(int seat) const { return bowl().seats()[static_cast<std::size_t>(seat)].participant_id; }
  Millis talk_ms(const std::string& id) const {
    for (const auto& t : bowl().talk()) {
      if (t.participant_id == id) return t.ms;
    }
    return -1;
  }
};

TEST_F(FishbowlSession, VolunteersTakeFreeSeatsAndTheFirstInTheQueueSitsDownWhenSomeoneTapsOut) {
  start();
  ASSERT_TRUE(as("p0", TapIn{}).ok());
  ASSERT_TRUE(as("p1", TapIn{}).ok());
  EXPECT_EQ(seated(0), "p0");
  EXPECT_EQ(seated(1), "p1");
  // Both inner seats are taken: the next two wait, in order; the empty chair is not taken by "inner".
  ASSERT_TRUE(as("p2", TapIn{}).ok());
  ASSERT_TRUE(as("p3", TapIn{}).ok());
  EXPECT_EQ(bowl().queue(), (std::vector<std::string>{"p2", "p3"}));
  EXPECT_TRUE(seated(2).empty());
  EXPECT_TRUE(as("p2", TapIn{}).events.empty()) << "tapping in again keeps the place in the queue";
  EXPECT_EQ(as("p0", TapIn{}).rejection->code, ErrorCode::invalid_field) << "already seated";

  ASSERT_TRUE(as("p0", TapOut{}).ok());
  EXPECT_EQ(seated(0), "p2");
  EXPECT_EQ(bowl().queue(), (std::vector<std::string>{"p3"}));
  ASSERT_TRUE(as("p3", TapOut{}).ok()) << "tapping out of the queue";
  EXPECT_TRUE(bowl().queue().empty());
  EXPECT_EQ(as("p4", TapOut{}).rejection->code, ErrorCode::invalid_field);

  const json view = activity_view(state)["fishbowl"];
  EXPECT_EQ(view["seats"].size(), 3u);
  EXPECT_EQ(view["seats"][0]["name"], "Person 2");
  EXPECT_EQ(view["seats"][2]["emptyChair"], true);
  EXPECT_EQ(view["seating"], "volunteer");
}

TEST_F(FishbowlSession, TheEmptyChairIsForAnyoneWhileTheFacilitatorSeatsTheInnerCircle) {
  start(/*volunteer=*/false);
  ASSERT_TRUE(as("p0", TapIn{}).ok());
  EXPECT_FALSE(bowl().seat_of("p0")) << "with facilitator seating, tapping in raises a hand";
  EXPECT_EQ(bowl().queue(), (std::vector<std::string>{"p0"}));
  ASSERT_TRUE(as("p1", TapIn{true}).ok());
  EXPECT_EQ(seated(2), "p1") << "the empty chair is self-service";
  ASSERT_TRUE(as("p2", TapIn{true}).ok());
  EXPECT_EQ(bowl().queue(), (std::vector<std::string>{"p0", "p2"})) << "the empty chair is taken: p2 waits";

  ASSERT_TRUE(act(Actor::facilitator(), SeatInFishbowl{"p0", -1}).ok());
  EXPECT_EQ(seated(0), "p0");
  EXPECT_EQ(bowl().queue(), (std::vector<std::string>{"p2"}));
  ASSERT_TRUE(as("p1", TapOut{}).ok());
  EXPECT_TRUE(seated(2).empty()) << "nothing moves by itself when the facilitator seats people";

  // Giving an occupied seat sends its occupant back to the outer circle.
  ASSERT_TRUE(act(Actor::facilitator(), SeatInFishbowl{"p3", 0}).ok());
  EXPECT_EQ(seated(0), "p3");
  EXPECT_FALSE(bowl().seat_of("p0"));
  // A seated person given another seat moves.
  ASSERT_TRUE(act(Actor::facilitator(), SeatInFishbowl{"p3", 1}).ok());
  EXPECT_EQ(seated(1), "p3");
  EXPECT_TRUE(seated(0).empty());
  ASSERT_TRUE(act(Actor::facilitator(), SeatInFishbowl{"p4", -1}).ok());
  EXPECT_EQ(act(Actor::facilitator(), SeatInFishbowl{"p0", -1}).rejection->code, ErrorCode::invalid_field)
      << "both inner seats are taken";
  EXPECT_EQ(act(Actor::facilitator(), SeatInFishbowl{"p0", 3}).rejection->code, ErrorCode::invalid_field) << "no seat 4";
  EXPECT_EQ(act(Actor::facilitator(), SeatInFishbowl{"nobody", 0}).rejection->code, ErrorCode::participant_not_found);

  ASSERT_TRUE(act(Actor::facilitator(), UnseatFromFishbowl{"p2"}).ok()) << "unseating takes p2 out of the queue";
  EXPECT_TRUE(bowl().queue().empty());
  ASSERT_TRUE(act(Actor::facilitator(), UnseatFromFishbowl{"p4"}).ok());
  EXPECT_TRUE(seated(0).empty());
  EXPECT_EQ(act(Actor::facilitator(), UnseatFromFishbowl{"p4"}).rejection->code, ErrorCode::invalid_field);
}

TEST_F(FishbowlSession, TimeInTheInnerCircleAddsUpOverTurnsAndTheReportGivesEachPersonsShare) {
  start();
  ASSERT_TRUE(as("p0", TapIn{}).ok());
  now += 60'000;
  ASSERT_TRUE(as("p1", TapIn{}).ok());
  now += 30'000;
  ASSERT_TRUE(as("p0", TapOut{}).ok());  // p0: 90 s
  now += 30'000;
  ASSERT_TRUE(as("p0", TapIn{}).ok());   // p1: 60 s so far, still seated
  now += 30'000;
  EXPECT_EQ(talk_ms("p0"), 90'000);
  EXPECT_EQ(talk_ms("p1"), 0) << "a turn in progress counts from its seat's `since`";
  // A report taken now counts the turns still going: p0 30 + 90 s, p1 90 s.
  const json midway = session_report(state, now)["fishbowls"][0]["talk"];
  EXPECT_EQ(midway[0]["ms"], 120'000);
  EXPECT_EQ(midway[1]["ms"], 90'000);
  const json live = activity_view(state)["fishbowl"]["talk"];
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[1]["seatedSince"], now - 90'000);
  EXPECT_EQ(live[0]["turns"], 2);

  // Leaving the phase stands everyone up at that moment: p0 120 s, p1 90 s.
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{0}).ok());
  EXPECT_EQ(talk_ms("p0"), 120'000);
  EXPECT_EQ(talk_ms("p1"), 90'000);
  EXPECT_TRUE(activity_view(state)["fishbowl"].is_null());
  const json report = session_report(state, now)["fishbowls"];
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0]["talk"][0]["name"], "Person 0");
  EXPECT_DOUBLE_EQ(report[0]["talk"][0]["share"].get<double>(), 0.571);
  EXPECT_DOUBLE_EQ(report[0]["talk"][1]["share"].get<double>(), 0.429);
  const std::string csv = session_report_csv(session_report(state, now));
  EXPECT_NE(csv.find("talk-time,3,\"Fishbowl\",\"Person 0\",120000,2,57.1"), std::string::npos) << csv;

  // Coming back finds empty seats and the time kept.
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{3}).ok());
  EXPECT_FALSE(bowl().seat_of("p0"));
  EXPECT_EQ(talk_ms("p0"), 120'000);
}

TEST_F(FishbowlSession, LeavingTheSessionFreesTheSeatForTheQueueButADroppedConnectionKeepsIt) {
  start();
  ASSERT_TRUE(as("p0", TapIn{}).ok());
  ASSERT_TRUE(as("p1", TapIn{}).ok());
  ASSERT_TRUE(as("p2", TapIn{}).ok());
  ASSERT_TRUE(act(Actor::system(), Connect{"p0"}).ok());
  ASSERT_TRUE(act(Actor::system(), Disconnect{"p0"}).ok());
  EXPECT_EQ(seated(0), "p0") << "a Wi-Fi blip must not cost the seat";
  ASSERT_TRUE(as("p0", LeaveSession{}).ok());
  EXPECT_EQ(seated(0), "p2");
  ASSERT_TRUE(as("p3", TapIn{}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), RemoveParticipant{"p3"}).ok());
  EXPECT_TRUE(bowl().queue().empty()) << "a removed person leaves the queue";
}

TEST_F(FishbowlSession, RemovingTheLateJoinersTogetherHandsTheirSeatToTheFirstWhoStays) {
  start();
  now += 60'000;
  ASSERT_TRUE(act(Actor::visitor(), JoinSession{"p5", "Late one", "h5"}).ok());
  ASSERT_TRUE(act(Actor::visitor(), JoinSession{"p6", "Late two", "h6"}).ok());
  ASSERT_TRUE(as("p0", TapIn{}).ok());
  ASSERT_TRUE(as("p5", TapIn{}).ok());
  ASSERT_TRUE(as("p6", TapIn{}).ok());  // the queue: p6, then p1
  ASSERT_TRUE(as("p1", TapIn{}).ok());
  ASSERT_EQ(seated(1), "p5");
  auto removed = act(Actor::facilitator(), RemoveJoinedSince{now});
  ASSERT_TRUE(removed.ok());
  // p5's seat went to p6 first in the queue, but p6 goes too: the seat must end with p1, who stays.
  EXPECT_EQ(seated(0), "p0");
  EXPECT_EQ(seated(1), "p1");
  EXPECT_TRUE(bowl().queue().empty());
  EXPECT_EQ(state.active_count, 5u);
}

TEST_F(FishbowlSession, AnAnonymousObservationNamesNobodyInAnyViewEventOrReport) {
  start();
  ASSERT_TRUE(as("p0", TapIn{}).ok());
  // The hub counts three different writers with observations waiting, this one included: the pen goes out.
  ASSERT_TRUE(as("p3", WriteObservation{"o-000000000001", "  Jo relaxed after the pause  ", 0, 3, 42}).ok());
  const auto& written = std::get<ObservationHeld>(journal.at(journal.size() - 2));
  EXPECT_EQ(written.text, "Jo relaxed after the pause");
  EXPECT_FALSE(std::get<ObservationsReleased>(journal.back()).guessable);
  const std::string stored =
      store::event_to_json(journal.at(journal.size() - 2)).dump() + store::event_to_json(journal.back()).dump();
  EXPECT_EQ(stored.find("p3"), std::string::npos) << stored;
  EXPECT_EQ(stored.find("Person 3"), std::string::npos) << stored;

  // Not on anyone's screen until the facilitator surfaces it; then without a name.
  EXPECT_TRUE(activity_view(state)["fishbowl"]["surfaced"].empty());
  EXPECT_EQ(activity_view(state)["fishbowl"]["observationCount"], 1);
  const json all = console_view(state)["fishbowl"]["all"];
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0]["name"].is_null());
  ASSERT_TRUE(act(Actor::facilitator(), SurfaceObservation{"o-000000000001", true}).ok());
  const json surfaced = activity_view(state)["fishbowl"]["surfaced"];
  ASSERT_EQ(surfaced.size(), 1u);
  EXPECT_TRUE(surfaced[0]["name"].is_null());
  // Nothing anyone reads says who wrote it (p3 is in no seat and no queue, so their name appears nowhere).
  // (The report's attendance lists everyone, so only its fishbowl parts are read here.)
  const json report = session_report(state, now);
  std::string csv_rows;
  for (const auto& line : {std::string("talk-time"), std::string("outer circle")}) {
    const std::string csv = session_report_csv(report);
    for (std::size_t at = csv.find(line); at != std::string::npos; at = csv.find(line, at + 1)) {
      csv_rows += csv.substr(at, csv.find('\n', at) - at);
    }
  }
  EXPECT_NE(csv_rows.find("Jo relaxed"), std::string::npos) << "the observation is in the CSV";
  const std::string everything =
      activity_view(state).dump() + console_view(state).dump() + report["fishbowls"].dump() + csv_rows;
  EXPECT_EQ(everything.find("Person 3"), std::string::npos);
  EXPECT_EQ(everything.find("\"p3\""), std::string::npos);

  ASSERT_TRUE(act(Actor::facilitator(), SurfaceObservation{"o-000000000001", false}).ok());
  EXPECT_TRUE(activity_view(state)["fishbowl"]["surfaced"].empty()) << "taken back down";
  EXPECT_EQ(act(Actor::facilitator(), SurfaceObservation{"o-nope", true}).rejection->code, ErrorCode::invalid_field);
}

// Issue 15 item 7: anonymous observations are held like cards until K different people of the outer circle
// have written (the hub counts them, card_writers.hpp), then go out together in an order that says nothing
// about who wrote first.
TEST_F(FishbowlSession, AnonymousObservationsWaitForKWritersThenGoOutTogether) {
  start();  // five people, nobody seated: the outer circle is five
  ASSERT_TRUE(as("p1", WriteObservation{"o-000000000001", "First", 0, 1, 7}).ok());
  ASSERT_TRUE(as("p2", WriteObservation{"o-000000000002", "Second", 0, 2, 7}).ok());
  EXPECT_EQ(bowl().held_count(), 2u);
  EXPECT_TRUE(console_view(state)["fishbowl"]["all"].empty()) << "not shown as they arrive";
  EXPECT_EQ(console_view(state)["fishbowl"]["waiting"], 2);
  EXPECT_EQ(activity_view(state)["fishbowl"]["observationCount"], 0);
  ASSERT_TRUE(as("p3", WriteObservation{"o-000000000003", "Third", 0, 3, 7}).ok());
  const json view = console_view(state)["fishbowl"];
  EXPECT_EQ(view["waiting"], 0);
  ASSERT_EQ(view["all"].size(), 3u);
  for (const auto& o : view["all"]) EXPECT_FALSE(o["guessable"].get<bool>());
  EXPECT_TRUE(view["warning"].is_null());
  EXPECT_EQ(view["releaseWriters"], 3);

  // The same through the stored form, as a restart reads it.
  std::vector<Event> stored{journal.front()};
  for (std::size_t i = 1; i < journal.size(); ++i) {
    if (is_durable(journal[i])) stored.push_back(store::event_from_json(store::event_to_json(journal[i])));
  }
  EXPECT_EQ(console_view(replay(stored))["fishbowl"], view);
}

TEST_F(FishbowlSession, ASmallOuterCircleSeesObservationsAtOnceMarkedGuessable) {
  start(true, false, /*people=*/3);
  ASSERT_TRUE(as("p0", TapIn{}).ok());  // two people watch: three writers can never be reached
  ASSERT_TRUE(as("p1", WriteObservation{"o-000000000001", "Jo looked away", 0, 1, 7}).ok());
  const json view = console_view(state)["fishbowl"];
  EXPECT_EQ(view["waiting"], 0);
  ASSERT_EQ(view["all"].size(), 1u);
  EXPECT_TRUE(view["all"][0]["guessable"].get<bool>());
  EXPECT_TRUE(view["all"][0]["name"].is_null());
  EXPECT_EQ(view["warning"], "Fewer than 3 people are watching: the authors of these observations may be guessable.");
  EXPECT_EQ(outer_circle_size(state, bowl()), 2u);
}

TEST_F(FishbowlSession, ANamedObservationShowsItsAuthor) {
  start(true, /*named=*/true);
  ASSERT_TRUE(as("p3", WriteObservation{"o-000000000001", "The silence did the work", 0}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), SurfaceObservation{"o-000000000001", true}).ok());
  EXPECT_EQ(activity_view(state)["fishbowl"]["surfaced"][0]["name"], "Person 3");
  EXPECT_EQ(session_report(state, now)["fishbowls"][0]["observations"][0]["name"], "Person 3");
  // Seven columns, like every other row of the CSV.
  const std::string csv = session_report_csv(session_report(state, now));
  EXPECT_NE(csv.find("\r\nouter circle (surfaced),3,\"Fishbowl\",\"Person 3\",\"The silence did the work\",,\r\n"),
            std::string::npos)
      << csv;
}

TEST_F(FishbowlSession, ObservationsComeFromTheOuterCircleWithinTheirLimits) {
  start();
  ASSERT_TRUE(as("p0", TapIn{}).ok());
  EXPECT_EQ(as("p0", WriteObservation{"o-1", "I noticed myself", 0}).rejection->code, ErrorCode::forbidden);
  EXPECT_EQ(as("p1", WriteObservation{"o-2", "   ", 0}).rejection->code, ErrorCode::invalid_field);
  EXPECT_EQ(as("p1", WriteObservation{"o-3", std::string(max_observation_chars + 1, 'a'), 0}).rejection->code,
            ErrorCode::invalid_field);
  EXPECT_TRUE(as("p1", WriteObservation{"o-4", std::string(max_observation_chars, 'a'), 0}).ok());
  EXPECT_EQ(as("p1", WriteObservation{"o-5", "One more", max_observations_per_person}).rejection->code,
            ErrorCode::rate_limited);
}

TEST_F(FishbowlSession, FishbowlRequestsOutsideAFishbowlPhaseAreRefused) {
  start();
  ASSERT_TRUE(act(Actor::facilitator(), GotoPhase{1}).ok());
  for (const Command& c : {Command{TapIn{}}, Command{TapOut{}}, Command{WriteObservation{"o-1", "Hi", 0}}}) {
    EXPECT_EQ(as("p0", c).rejection->code, ErrorCode::phase_invalid);
  }
  EXPECT_EQ(act(Actor::facilitator(), SeatInFishbowl{"p0", -1}).rejection->code, ErrorCode::phase_invalid);
  EXPECT_EQ(act(Actor::facilitator(), UnseatFromFishbowl{"p0"}).rejection->code, ErrorCode::phase_invalid);
  EXPECT_EQ(act(Actor::facilitator(), SurfaceObservation{"o-1", true}).rejection->code, ErrorCode::phase_invalid);
}

TEST_F(FishbowlSession, ReplayThroughTheStoredFormRebuildsTheSameFishbowl) {
  start(true, true);
  ASSERT_TRUE(as("p0", TapIn{}).ok());
  ASSERT_TRUE(as("p1", TapIn{true}).ok());
  ASSERT_TRUE(as("p2", TapIn{}).ok());
  ASSERT_TRUE(as("p3", TapIn{}).ok());
  ASSERT_TRUE(as("p3", TapIn{}).ok());
  now += 45'000;
  ASSERT_TRUE(as("p4", WriteObservation{"o-000000000001", "Good pause", 0}).ok());
  ASSERT_TRUE(act(Actor::facilitator(), SurfaceObservation{"o-000000000001", true}).ok());
  ASSERT_TRUE(as("p0", TapOut{}).ok());
  // Through the stored form, as a restart reads it (the test scenario is built in code, with no source text
  // to store, so its creation is kept as it is).
  std::vector<Event> stored{journal.front()};
  for (std::size_t i = 1; i < journal.size(); ++i) {
    if (is_durable(journal[i])) stored.push_back(store::event_from_json(store::event_to_json(journal[i])));
  }
  const SessionState again = replay(stored);
  EXPECT_EQ(console_view(again)["fishbowl"], console_view(state)["fishbowl"]);
  EXPECT_EQ(session_report(again, now)["fishbowls"], session_report(state, now)["fishbowls"]);
}

}  // namespace
}  // namespace huddle::core

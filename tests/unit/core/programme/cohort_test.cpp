// A cohort's rules: enrolment, pods across sessions, identity across sessions, tasks, refreshers, managers,
// session states, the report's numbers and the snapshot.
#include <algorithm>
#include <set>

#include "cohort_fixture.hpp"
#include "core/iso_utc.hpp"
#include "core/programme/programme_limits.hpp"

namespace huddle::core::test {
namespace {

using nlohmann::json;
using protocol::ErrorCode;

std::set<std::string> peers_of(const Cohort& c, const std::string& id, int session) {
  std::set<std::string> out;
  const int pod = c.pod_of(id, session);
  for (const auto& m : c.members()) {
    if (m.id != id && !m.removed && pod != 0 && c.pod_of(m.id, session) == pod) out.insert(m.id);
  }
  return out;
}

std::map<int, int> pod_sizes_of(const Cohort& c, int session) {
  std::map<int, int> sizes;
  for (const auto& m : c.members()) {
    if (!m.removed) ++sizes[c.pod_of(m.id, session)];
  }
  return sizes;
}

// ---- enrolment ----

TEST_F(CohortFixture, EnrolmentCleansTheNameAndRefusesOneTakenInAnyCase) {
  ASSERT_FALSE(cohort.enrol("m-1", "  Dana   Lee ", "t1", "f1", now));
  EXPECT_EQ(cohort.member("m-1")->name, "Dana Lee");
  auto r = cohort.enrol("m-2", "DANA LEE", "t2", "f2", now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, ErrorCode::name_invalid);
  r = cohort.enrol("m-3", "Facilitator", "t3", "f3", now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, ErrorCode::name_invalid);
  r = cohort.enrol("m-4", "", "t4", "f4", now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, ErrorCode::name_invalid);
  EXPECT_EQ(cohort.members().size(), 1u);
}

TEST_F(CohortFixture, ARemovedMembersNameIsFreeAgainAndTheirTokensOpenNothing) {
  enrol("Dana");
  ASSERT_NE(cohort.member_by_token("tok-Dana"), nullptr);
  ASSERT_FALSE(cohort.remove_member("m-Dana", now));
  EXPECT_EQ(cohort.member_by_token("tok-Dana"), nullptr);
  EXPECT_EQ(cohort.member_by_feed("feed-Dana"), nullptr);
  EXPECT_FALSE(cohort.enrol("m-dana2", "Dana", "tok-2", "feed-2", now));
  EXPECT_TRUE(cohort.remove_member("m-Dana", now));  // already removed
}

TEST_F(CohortFixture, EnrolmentStopsAtTheMemberLimitAndAfterTheEnd) {
  for (std::size_t i = 0; i < max_cohort_members; ++i) {
    const auto n = std::to_string(i);
    ASSERT_FALSE(cohort.enrol("m" + n, "Person " + n, "t" + n, "f" + n, now));
  }
  auto r = cohort.enrol("late", "Late", "t-late", "f-late", now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, ErrorCode::session_full);

  use("anonymous");
  cohort.end(now);
  r = cohort.enrol("m-x", "Xavi", "t-x", "f-x", now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, ErrorCode::session_ended);
}

TEST_F(CohortFixture, TokensAndIdsAreNeverShared) {
  enrol("Ana");
  EXPECT_TRUE(cohort.enrol("m-Ana", "Other", "t-o", "f-o", now));
  EXPECT_TRUE(cohort.enrol("m-o", "Other", "tok-Ana", "f-o", now));
  EXPECT_TRUE(cohort.enrol("m-o", "Other", "t-o", "tok-Ana", now));
  EXPECT_EQ(cohort.members().size(), 1u);
}

// ---- times ----

TEST_F(CohortFixture, SessionsTasksAndRefreshersArePlannedFromTheStart) {
  EXPECT_EQ(cohort.planned_at(1), start);
  EXPECT_EQ(cohort.planned_at(2), start + 7 * day);
  EXPECT_EQ(cohort.task_due_at(1), start + 7 * day);
  EXPECT_EQ(cohort.task_due_at(2), start + 12 * day);
  EXPECT_EQ(cohort.task_due_at(3), 0);  // no task
  EXPECT_EQ(cohort.refresher_opens_at(1), start + 3 * day);
  EXPECT_EQ(cohort.planned_at(9), 0);
}

TEST(IsoUtc, WritesSecondsInUtc) {
  EXPECT_EQ(iso_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso_utc(start), "2027-01-15T08:00:00Z");
  EXPECT_EQ(iso_utc(start + 999), "2027-01-15T08:00:00Z");
  EXPECT_EQ(iso_utc(951'782'400'000), "2000-02-29T00:00:00Z");
  EXPECT_EQ(iso_utc(-1), "1969-12-31T23:59:59Z");
}

// ---- sessions and identity ----

TEST_F(CohortFixture, AJoinCodeLeadsBackToItsSessionAndPod) {
  enrol_all({"Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gus", "Hal"});
  EXPECT_FALSE(cohort.session_of("CODE1-0"));
  start_session(1);
  EXPECT_EQ(cohort.code_of(1), "CODE1-0");
  auto ref = cohort.session_of("CODE1-0");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->session, 1);
  EXPECT_EQ(ref->pod, 0);

  now = start + 7 * day;
  start_session(2, 2);
  ref = cohort.session_of("CODE2-2");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->session, 2);
  EXPECT_EQ(ref->pod, 2);
  EXPECT_EQ(cohort.code_of(2, 2), "CODE2-2");
  EXPECT_FALSE(cohort.code_of(2, 1));
  EXPECT_FALSE(cohort.code_of(3));
  EXPECT_FALSE(cohort.session_of("NOPE"));
}

TEST_F(CohortFixture, StartingASessionChecksItsModeAndRange) {
  enrol_all({"Ana", "Ben", "Cai"});
  EXPECT_TRUE(cohort.session_started(0, 0, "X", seed, now));
  EXPECT_TRUE(cohort.session_started(4, 0, "X", seed, now));
  EXPECT_TRUE(cohort.session_started(1, 1, "X", seed, now));  // facilitated: the whole cohort
  EXPECT_TRUE(cohort.session_started(2, 0, "X", seed, now));  // pods: each its own
  EXPECT_TRUE(cohort.session_started(2, 2, "X", seed, now));  // three people: one pod
  EXPECT_TRUE(cohort.session_started(1, 0, "", seed, now));
  ASSERT_FALSE(cohort.session_started(1, 0, "X", seed, now));
  EXPECT_TRUE(cohort.session_started(2, 1, "X", seed, now));  // one code, one session
  cohort.end(now + 1);
  auto r = cohort.session_started(3, 0, "Y", seed, now + 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, ErrorCode::session_ended);
}

TEST_F(CohortFixture, TheSameMemberIsRecognisedAsAttendingEverySession) {
  enrol_all({"Ana", "Ben", "Cai"});
  now = start;
  start_session(1);
  cohort.attended(1, "m-Ana");
  cohort.attended(1, "m-Ana");  // another device, the same person
  cohort.attended(1, "m-Ben");
  cohort.attended(1, "m-nobody");
  cohort.attended(3, "m-Ana");  // not started: nothing to attend
  now = start + 7 * day;
  start_session(2, 1);
  cohort.attended(2, "m-Ana");
  auto v = cohort.facilitator_view(now);
  EXPECT_EQ(v["sessions"][0]["attended"], 2);
  EXPECT_EQ(v["sessions"][1]["attended"], 1);
  EXPECT_EQ(v["sessions"][2]["attended"], 0);
  EXPECT_EQ(v["members"][0]["attended"], json::array({1, 2}));
  auto me = cohort.member_view("m-Ana", now);
  EXPECT_EQ(me["schedule"][0]["attended"], true);
  EXPECT_EQ(me["schedule"][1]["attended"], true);
  EXPECT_EQ(me["schedule"][2]["attended"], false);
}

TEST_F(CohortFixture, ASessionIsLiveUntilALaterOneStartsOrADayHasPassed) {
  enrol_all({"Ana", "Ben", "Cai"});
  auto state = [&](int n) { return cohort.facilitator_view(now)["sessions"][n - 1]["state"].get<std::string>(); };
  now = start;
  EXPECT_EQ(state(1), "planned");
  start_session(1);
  EXPECT_EQ(state(1), "live");
  now = start + day - 1;
  EXPECT_EQ(state(1), "live");
  now = start + day;
  EXPECT_EQ(state(1), "done");
  now = start + 2 * 60 * 60 * 1000;
  start_session(3);  // the facilitator skips ahead
  EXPECT_EQ(state(1), "done");
  EXPECT_EQ(state(2), "planned");
  EXPECT_EQ(state(3), "live");
  cohort.end(now);
  EXPECT_EQ(state(3), "done");
}

TEST_F(CohortFixture, AMembersScheduleShowsTheLiveCodeOfTheirOwnPod) {
  enrol_all({"Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gus", "Hal"});
  now = start + 7 * day;
  cohort.form_pods(2, 7);
  const int ana_pod = cohort.pod_of("m-Ana", 2);
  ASSERT_NE(ana_pod, 0);
  const int other = ana_pod == 1 ? 2 : 1;
  start_session(2, other);
  EXPECT_TRUE(cohort.member_view("m-Ana", now)["schedule"][1]["code"].is_null());
  start_session(2, ana_pod);
  EXPECT_EQ(cohort.member_view("m-Ana", now)["schedule"][1]["code"], "CODE2-" + std::to_string(ana_pod));
}

// ---- pods ----

TEST_F(CohortFixture, BeforeAnySessionNobodyHasAPod) {
  enrol_all({"Ana", "Ben", "Cai", "Dee"});
  EXPECT_EQ(cohort.pod_of("m-Ana", 1), 0);
  EXPECT_TRUE(cohort.member_view("m-Ana", now)["pod"].is_null());
  EXPECT_EQ(cohort.member_view("m-Ana", now)["me"]["pod"], 0);
}

TEST_F(CohortFixture, FixedPodsKeepTheSamePeersAndNewcomersFillTheSmallestPods) {
  enrol_all({"Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gus"});  // 7: pods of 4 and 3
  now = start;
  start_session(1);
  EXPECT_EQ(pod_sizes_of(cohort, 1), (std::map<int, int>{{1, 4}, {2, 3}}));
  std::map<std::string, std::set<std::string>> before;
  for (const auto& m : cohort.members()) before[m.id] = peers_of(cohort, m.id, 1);

  enrol("Ivo");  // joins the pod of 3
  now = start + 7 * day;
  start_session(2, 1);
  EXPECT_EQ(pod_sizes_of(cohort, 2), (std::map<int, int>{{1, 4}, {2, 4}}));
  for (const auto& [id, peers] : before) {
    auto after = peers_of(cohort, id, 2);
    after.erase("m-Ivo");
    EXPECT_EQ(after, peers) << id;
  }
  // All pods full: three newcomers form a pod of their own.
  enrol_all({"Jo", "Kim", "Lu"});
  now = start + 14 * day;
  start_session(3);
  EXPECT_EQ(pod_sizes_of(cohort, 3), (std::map<int, int>{{1, 4}, {2, 4}, {3, 3}}));
  EXPECT_EQ(peers_of(cohort, "m-Jo", 3), (std::set<std::string>{"m-Kim", "m-Lu"}));
  EXPECT_EQ(peers_of(cohort, "m-Ana", 3), peers_of(cohort, "m-Ana", 1));
}

TEST_F(CohortFixture, OneOrTwoNewcomersJoinFullPodsRatherThanFormAPodTooSmall) {
  enrol_all({"Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gus", "Hal"});
  now = start;
  start_session(1);
  enrol_all({"Ivo", "Jo"});
  now = start + 7 * day;
  start_session(2, 1);
  EXPECT_EQ(pod_sizes_of(cohort, 2), (std::map<int, int>{{1, 5}, {2, 5}}));
}

TEST_F(CohortFixture, APodLeftTooSmallByRemovalsIsDissolvedIntoTheOthers) {
  enrol_all({"Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gus"});
  now = start;
  start_session(1);
  // Remove two of the pod of three.
  std::vector<std::string> small;
  for (const auto& m : cohort.members()) {
    if (cohort.pod_of(m.id, 1) == 2) small.push_back(m.id);
  }
  ASSERT_EQ(small.size(), 3u);
  ASSERT_FALSE(cohort.remove_member(small[0], now));
  ASSERT_FALSE(cohort.remove_member(small[1], now));
  now = start + 7 * day;
  start_session(2, 1);
  EXPECT_EQ(pod_sizes_of(cohort, 2), (std::map<int, int>{{1, 5}}));
}

TEST_F(CohortFixture, RotatedPodsAreShuffledAgainForEverySessionAvoidingRepeatedPairs) {
  use("anonymous rotate");
  std::vector<std::string> names;
  for (int i = 0; i < 16; ++i) names.push_back("P" + std::to_string(i));
  enrol_all(names);
  now = start;
  start_session(1);
  now = start + 7 * day;
  start_session(2, 1);
  std::size_t same = 0;
  std::size_t repeated_pairs = 0;
  for (const auto& m : cohort.members()) {
    EXPECT_EQ(pod_sizes_of(cohort, 2).size(), 4u);
    same += peers_of(cohort, m.id, 1) == peers_of(cohort, m.id, 2) ? 1 : 0;
    for (const auto& peer : peers_of(cohort, m.id, 2)) repeated_pairs += peers_of(cohort, m.id, 1).contains(peer) ? 1 : 0;
  }
  EXPECT_LT(same, cohort.members().size());
  EXPECT_LE(repeated_pairs / 2, 4u);  // 24 pairs per session; a fresh shuffle repeats ~5 by chance
}

TEST_F(CohortFixture, PodsFormedOnceStayWhenOtherPodsStartTheirSession) {
  enrol_all({"Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gus", "Hal"});
  now = start + 7 * day;
  start_session(2, 1);
  std::map<std::string, int> first;
  for (const auto& m : cohort.members()) first[m.id] = cohort.pod_of(m.id, 2);
  enrol("Ivo");  // enrolled after the pods formed: joins the smallest, nobody moves
  cohort.form_pods(2, 99);
  start_session(2, 2);
  for (const auto& [id, pod] : first) EXPECT_EQ(cohort.pod_of(id, 2), pod);
  EXPECT_NE(cohort.pod_of("m-Ivo", 2), 0);
}

TEST_F(CohortFixture, AMembersViewNamesTheirPodPeers) {
  enrol_all({"Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gus"});
  now = start;
  start_session(1);
  auto me = cohort.member_view("m-Ana", now);
  ASSERT_FALSE(me["pod"].is_null());
  EXPECT_EQ(me["pod"]["number"], cohort.pod_of("m-Ana", 1));
  std::set<std::string> names;
  for (const auto& n : me["pod"]["peers"]) names.insert(n.get<std::string>());
  std::set<std::string> expected;
  for (const auto& id : peers_of(cohort, "m-Ana", 1)) expected.insert(cohort.member(id)->name);
  EXPECT_EQ(names, expected);
}

// ---- tasks ----

TEST_F(CohortFixture, ATaskOpensWhenItsSessionStartsOrItsTimeHasCome) {
  enrol("Ana");
  TaskInput in;
  in.yes_no = true;
  EXPECT_TRUE(answer("Ana", 1, in));
  start_session(1);  // a day early
  EXPECT_FALSE(answer("Ana", 1, in));
  EXPECT_TRUE(answer("Ana", 2, in));  // session 2 neither started nor due to
  now = start + 7 * day;
  in.yes_no.reset();
  in.ratings = {{"Listening", 4}};
  EXPECT_FALSE(answer("Ana", 2, in));
  EXPECT_TRUE(answer("Ana", 3, in));  // session 3 has no task
}

TEST_F(CohortFixture, ATaskAnswerIsCheckedAgainstWhatTheTaskAsks) {
  enrol("Ana");
  now = start;
  TaskInput in;
  in.ratings = {{"Empathy", 3}};
  EXPECT_EQ(answer("Ana", 1, in)->code, ErrorCode::invalid_field);
  in.ratings = {{"Listening", 6}};
  EXPECT_TRUE(answer("Ana", 1, in));
  in.ratings = {{"Listening", 0}};
  EXPECT_TRUE(answer("Ana", 1, in));
  TaskInput yes;
  yes.yes_no = true;
  EXPECT_TRUE(answer("Ana", 2, yes));  // session 2 asks no yes/no
  EXPECT_TRUE(answer("Ana", 1, TaskInput{}));  // nothing at all
  EXPECT_TRUE(answer("Ana", 1, text("   ")));
  EXPECT_TRUE(answer("Ana", 1, text(std::string(max_reflection_code_points + 1, 'x'))));
  TaskInput share;
  share.yes_no = true;
  share.share_text = true;  // anonymous: never shared
  EXPECT_TRUE(answer("Ana", 1, share));
  EXPECT_EQ(cohort.facilitator_view(now)["members"][0]["tasks"]["1"], "open");  // nothing was stored
  EXPECT_EQ(cohort.answer_task("m-nobody", 1, yes, 1, now)->code, ErrorCode::forbidden);
}

TEST_F(CohortFixture, FieldsLeftOutKeepWhatWasGivenBefore) {
  enrol("Ana");
  now = start;
  TaskInput in;
  in.yes_no = true;
  in.share_yes_no = true;
  ASSERT_FALSE(answer("Ana", 1, in));
  TaskInput more;
  more.ratings = {{"Listening", 4}};
  more.share_yes_no = true;
  ASSERT_FALSE(answer("Ana", 1, more));
  auto a = cohort.member_view("m-Ana", now)["tasks"][0]["answer"];
  EXPECT_EQ(a["yesNo"], true);
  EXPECT_EQ(a["ratings"], (json{{"Listening", 4}}));
  EXPECT_EQ(a["share"]["yesNo"], true);
  EXPECT_EQ(a["share"]["ratings"], false);
}

TEST_F(CohortFixture, TaskStatusesGoFromNotYetToOpenToDoneOrMissingAndLateAnswersCount) {
  enrol_all({"Ana", "Ben"});
  auto status = [&](int member) {
    return cohort.facilitator_view(now)["members"][static_cast<std::size_t>(member)]["tasks"]["1"].get<std::string>();
  };
  EXPECT_EQ(status(0), "not-yet");
  now = start;
  EXPECT_EQ(status(0), "open");
  TaskInput in;
  in.yes_no = false;
  ASSERT_FALSE(answer("Ana", 1, in));
  EXPECT_EQ(status(0), "done");
  now = start + 7 * day + 1;
  EXPECT_EQ(status(1), "missing");
  auto me = cohort.member_view("m-Ben", now);
  ASSERT_EQ(me["due"][0]["kind"], "task");
  EXPECT_EQ(me["due"][0]["overdue"], true);
  ASSERT_FALSE(answer("Ben", 1, in));  // late, still done
  EXPECT_EQ(status(1), "done");
  EXPECT_EQ(cohort.facilitator_view(now)["sessions"][0]["task"]["done"], 2);
}

TEST_F(CohortFixture, ANamedReflectionIsStoredWithItsAuthorAndCanBeEdited) {
  use("named");
  enrol("Ana");
  now = start;
  ASSERT_FALSE(answer("Ana", 1, text("First thought")));
  ASSERT_FALSE(answer("Ana", 1, text("Second thought")));
  auto v = cohort.facilitator_view(now);
  ASSERT_EQ(v["namedReflections"].size(), 1u);
  EXPECT_EQ(v["namedReflections"][0], (json{{"session", 1}, {"member", "m-Ana"}, {"name", "Ana"}, {"text", "Second thought"}}));
  EXPECT_EQ(v["reflections"], json::array());
  EXPECT_EQ(cohort.member_view("m-Ana", now)["tasks"][0]["answer"]["text"], "Second thought");
}

TEST_F(CohortFixture, AnAnonymousReflectionIsGivenOnceAndNeverEdited) {
  enrol("Ana");
  now = start;
  ASSERT_FALSE(answer("Ana", 1, text("First thought")));
  auto r = answer("Ana", 1, text("Second thought"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code, ErrorCode::invalid_field);
  EXPECT_EQ(r->message, "already sent; anonymous reflections can't be changed");
  TaskInput rating;
  rating.ratings = {{"Questions", 2}};
  EXPECT_FALSE(answer("Ana", 1, rating));  // the rest of the answer can still change
  auto a = cohort.member_view("m-Ana", now)["tasks"][0];
  EXPECT_EQ(a["anonymous"], true);
  EXPECT_EQ(a["answer"]["wroteReflection"], true);
  EXPECT_TRUE(a["answer"]["text"].is_null());
  EXPECT_EQ(cohort.facilitator_view(now)["reflections"][0]["waiting"], 1);
}

// ---- refreshers ----

TEST_F(CohortFixture, ARefresherPollCountsOnceEachAndNamesNobody) {
  enrol_all({"Ana", "Ben", "Cai"});
  now = start + 3 * day - 1;
  EXPECT_TRUE(cohort.answer_refresher("m-Ana", 1, 1, std::nullopt, 1, now));  // not open yet
  now = start + 3 * day;
  EXPECT_FALSE(cohort.answer_refresher("m-Ana", 1, 1, std::nullopt, 1, now));
  EXPECT_TRUE(cohort.answer_refresher("m-Ana", 1, 2, std::nullopt, 1, now));  // once
  EXPECT_TRUE(cohort.answer_refresher("m-Ben", 1, 3, std::nullopt, 1, now));  // no option 3
  EXPECT_TRUE(cohort.answer_refresher("m-Ben", 1, std::nullopt, "a card", 1, now));  // a poll
  EXPECT_TRUE(cohort.answer_refresher("m-Ben", 1, 0, "a card", 1, now));
  EXPECT_FALSE(cohort.answer_refresher("m-Ben", 1, 1, std::nullopt, 1, now));
  auto r = cohort.facilitator_view(now)["sessions"][0]["refresher"];
  EXPECT_EQ(r["poll"]["counts"], json::array({0, 2, 0}));
  EXPECT_EQ(r["answered"], 2);
  auto me = cohort.member_view("m-Ana", now);
  EXPECT_EQ(me["refreshers"][0]["answered"], true);
  EXPECT_TRUE(std::none_of(me["due"].begin(), me["due"].end(), [](const json& d) { return d["kind"] == "refresher"; }));
  auto cai = cohort.member_view("m-Cai", now);
  EXPECT_TRUE(std::any_of(cai["due"].begin(), cai["due"].end(), [](const json& d) { return d["kind"] == "refresher"; }));
}

TEST_F(CohortFixture, RefresherCardsWaitForThreeWritersThenGoOutTogether) {
  enrol_all({"Ana", "Ben", "Cai"});
  now = start + 9 * day;
  ASSERT_FALSE(cohort.answer_refresher("m-Ana", 2, std::nullopt, "card A", 5, now));
  ASSERT_FALSE(cohort.answer_refresher("m-Ben", 2, std::nullopt, "card B", 6, now));
  auto cards = cohort.facilitator_view(now)["refresherCards"][0];
  EXPECT_EQ(cards["waiting"], 2);
  EXPECT_EQ(cards["released"], json::array());
  EXPECT_TRUE(cohort.answer_refresher("m-Cai", 2, 1, std::nullopt, 7, now));  // a card prompt
  ASSERT_FALSE(cohort.answer_refresher("m-Cai", 2, std::nullopt, "card C", 7, now));
  cards = cohort.facilitator_view(now)["refresherCards"][0];
  EXPECT_EQ(cards["waiting"], 0);
  EXPECT_EQ(cards["released"].size(), 3u);
}

// ---- managers ----

TEST_F(CohortFixture, AManagerChecksInWeeklyAndTheMemberSeesIt) {
  enrol("Ana");
  ASSERT_FALSE(cohort.invite_manager("m-Ana", "mgr-1", "Morgan", now));
  EXPECT_TRUE(cohort.check_in("mgr-1", 1, {0}, "", now));  // the week has not begun
  now = start;
  EXPECT_TRUE(cohort.check_in("mgr-x", 1, {0}, "", now));
  EXPECT_EQ(cohort.check_in("mgr-x", 1, {0}, "", now)->code, ErrorCode::forbidden);
  EXPECT_TRUE(cohort.check_in("mgr-1", 1, {3}, "", now));
  EXPECT_TRUE(cohort.check_in("mgr-1", 1, {1, 1}, "", now));
  EXPECT_TRUE(cohort.check_in("mgr-1", 1, {-1}, "", now));
  EXPECT_TRUE(cohort.check_in("mgr-1", 1, {}, std::string(max_checkin_note_code_points + 1, 'n'), now));
  EXPECT_TRUE(cohort.check_in("mgr-1", 3, {}, "", now + 14 * day));  // session 3: no task, not started
  ASSERT_FALSE(cohort.check_in("mgr-1", 1, {2, 0}, "Asked good questions", now));
  ASSERT_FALSE(cohort.check_in("mgr-1", 1, {1}, "Replaced", now + 1000));  // replaces the week's
  auto me = cohort.member_view("m-Ana", now);
  EXPECT_EQ(me["manager"], (json{{"name", "Morgan"}}));
  EXPECT_EQ(me["tasks"][0]["checkin"],
            (json{{"ticked", {"Gave specific feedback"}}, {"note", "Replaced"}, {"at", iso_utc(now + 1000)}}));
  auto mv = cohort.manager_view("mgr-1", now);
  EXPECT_EQ(mv["weeks"][0]["checkin"]["ticked"], json::array({1}));
  EXPECT_EQ(mv["current"], 1);
  auto f = cohort.facilitator_view(now);
  EXPECT_EQ(f["checkins"][0], (json{{"session", 1}, {"done", 1}, {"of", 1}}));
  EXPECT_EQ(f["members"][0]["manager"], true);
}

TEST_F(CohortFixture, ANewInvitationReplacesTheOldAndRevokingStopsIt) {
  enrol("Ana");
  ASSERT_FALSE(cohort.invite_manager("m-Ana", "mgr-1", "", now));
  EXPECT_NE(cohort.manager_by_token("mgr-1"), nullptr);
  EXPECT_TRUE(cohort.member_view("m-Ana", now)["manager"]["name"] == "");
  ASSERT_FALSE(cohort.invite_manager("m-Ana", "mgr-2", "Morgan", now));
  EXPECT_EQ(cohort.manager_by_token("mgr-1"), nullptr);
  EXPECT_TRUE(cohort.manager_view("mgr-1", now).is_null());
  EXPECT_NE(cohort.manager_by_token("mgr-2"), nullptr);
  EXPECT_EQ(cohort.invite_manager("m-Ana", "mgr-3", "Host", now), std::nullopt) << "only a participant's name is refused";
  EXPECT_TRUE(cohort.invite_manager("m-Ana", "mgr-4", "\xE2\x80\xAEtxet", now));  // direction override
  cohort.revoke_manager("m-Ana");
  EXPECT_EQ(cohort.manager_by_token("mgr-3"), nullptr);
  EXPECT_TRUE(cohort.member_view("m-Ana", now)["manager"].is_null());
}

TEST_F(CohortFixture, ARemovedMembersManagerLinkStopsWorking) {
  enrol("Ana");
  ASSERT_FALSE(cohort.invite_manager("m-Ana", "mgr-1", "Morgan", now));
  ASSERT_FALSE(cohort.remove_member("m-Ana", now));
  EXPECT_EQ(cohort.manager_by_token("mgr-1"), nullptr);
  EXPECT_TRUE(cohort.member_view("m-Ana", now).is_null());
}

// ---- surfacing ----

TEST_F(CohortFixture, TheFacilitatorSurfacesOnlyReleasedTexts) {
  enrol_all({"Ana", "Ben", "Cai"});
  now = start;
  ASSERT_FALSE(answer("Ana", 1, text("one")));
  ASSERT_FALSE(answer("Ben", 1, text("two")));
  EXPECT_TRUE(cohort.surface("one", true));
  ASSERT_FALSE(answer("Cai", 1, text("three")));
  auto released = cohort.facilitator_view(now)["reflections"][0]["released"];
  ASSERT_EQ(released.size(), 3u);
  const auto id = released[1]["id"].get<std::string>();
  const auto surfaced_text = released[1]["text"].get<std::string>();
  ASSERT_FALSE(cohort.surface(id, true));
  auto me = cohort.member_view("m-Ben", now);
  EXPECT_EQ(me["surfaced"], (json::array({{{"session", 1}, {"text", surfaced_text}}})));
  ASSERT_FALSE(cohort.surface(id, false));
  EXPECT_EQ(cohort.member_view("m-Ben", now)["surfaced"], json::array());
  EXPECT_TRUE(cohort.surface("nope", true));
}

// ---- report ----

TEST_F(CohortFixture, TheReportCountsAttendanceCompletionRatingsAndCheckins) {
  enrol_all({"Ana", "Ben", "Cai", "Dee"});
  now = start;
  start_session(1);
  for (const char* who : {"m-Ana", "m-Ben", "m-Cai"}) cohort.attended(1, who);
  const std::vector<std::pair<std::string, std::pair<int, int>>> ratings = {
      {"Ana", {2, 3}}, {"Ben", {3, 3}}, {"Cai", {5, 4}}};
  for (const auto& [who, r] : ratings) {
    TaskInput in;
    in.ratings = {{"Listening", r.first}, {"Questions", r.second}};
    ASSERT_FALSE(answer(who, 1, in));
  }
  ASSERT_FALSE(cohort.invite_manager("m-Ana", "mgr-a", "", now));
  ASSERT_FALSE(cohort.invite_manager("m-Ben", "mgr-b", "", now));
  ASSERT_FALSE(cohort.check_in("mgr-a", 1, {0}, "", now));
  now = start + 7 * day;
  start_session(2, 1);
  cohort.attended(2, "m-Ana");
  TaskInput two;
  two.ratings = {{"Listening", 4}};
  ASSERT_FALSE(answer("Ana", 2, two));
  ASSERT_FALSE(answer("Ben", 2, two));  // two raters: no mean yet
  ASSERT_FALSE(cohort.remove_member("m-Cai", now));  // attended session 1, stays counted there

  const auto r = cohort.report(now);
  EXPECT_EQ(r["members"], 3);
  EXPECT_EQ(r["cohort"]["startsAt"], "2027-01-15T08:00:00Z");
  EXPECT_EQ(r["attendance"][0], (json{{"session", 1}, {"title", "Coaching basics"}, {"attended", 3}, {"of", 4}}));
  EXPECT_EQ(r["attendance"][1], (json{{"session", 2}, {"title", "Feedback practice"}, {"attended", 1}, {"of", 3}}));
  EXPECT_EQ(r["tasks"], (json::array({{{"session", 1}, {"done", 2}, {"of", 3}}, {{"session", 2}, {"done", 2}, {"of", 3}}})));
  EXPECT_EQ(r["checkins"][0], (json{{"session", 1}, {"done", 1}, {"of", 2}}));
  EXPECT_EQ(r["checkins"][1], (json{{"session", 2}, {"done", 0}, {"of", 2}}));
  ASSERT_EQ(r["ratings"].size(), 2u);
  EXPECT_EQ(r["ratings"][0]["competency"], "Listening");
  // Session 1: 2, 3, 5 -> 3.33 (Cai's rating stays in the mean); session 2: only two raters, no point.
  EXPECT_EQ(r["ratings"][0]["points"], (json::array({{{"session", 1}, {"mean", 3.33}, {"count", 3}}})));
  EXPECT_EQ(r["ratings"][1]["points"], (json::array({{{"session", 1}, {"mean", 3.33}, {"count", 3}}})));
  ASSERT_EQ(r["people"].size(), 3u);
  EXPECT_EQ(r["people"][0], (json{{"name", "Ana"}, {"attended", {true, true, false}}, {"tasks", {true, true, false}}}));
  EXPECT_EQ(r["people"][2], (json{{"name", "Dee"}, {"attended", {false, false, false}}, {"tasks", {false, false, false}}}));
  EXPECT_EQ(r["ratings"], cohort.facilitator_view(now)["ratings"]);
  EXPECT_FALSE(r.contains("repeatedPolls"));
}

TEST_F(CohortFixture, TheReportListsReleasedReflectionsOnly) {
  enrol_all({"Ana", "Ben", "Cai", "Dee"});
  now = start;
  for (const char* who : {"Ana", "Ben", "Cai"}) ASSERT_FALSE(answer(who, 1, text(std::string("note of ") + who)));
  ASSERT_FALSE(answer("Dee", 1, text("held back")));
  auto texts = cohort.report(now)["reflections"][0]["texts"];
  EXPECT_EQ(texts.size(), 3u);
  EXPECT_EQ(cohort.report(now).dump().find("held back"), std::string::npos);
}

// ---- snapshot ----

class CohortSnapshot : public CohortFixture {
 protected:
  void fill() {
    enrol_all({"Ana", "Ben", "Cai", "Dee", "Eli"});
    now = start;
    start_session(1);
    cohort.attended(1, "m-Ana");
    TaskInput in;
    in.yes_no = true;
    in.ratings = {{"Listening", 3}};
    in.text = "A reflection";
    in.share_yes_no = true;
    ASSERT_FALSE(answer("Ana", 1, in));
    ASSERT_FALSE(answer("Ben", 1, text("Another")));
    ASSERT_FALSE(answer("Cai", 1, text("Third")));
    ASSERT_FALSE(answer("Dee", 1, text("Waiting one")));
    now = start + 3 * day;
    ASSERT_FALSE(cohort.answer_refresher("m-Ana", 1, 2, std::nullopt, 3, now));
    ASSERT_FALSE(cohort.invite_manager("m-Ana", "mgr-1", "Morgan", now));
    ASSERT_FALSE(cohort.check_in("mgr-1", 1, {0, 2}, "Good", now));
    ASSERT_FALSE(cohort.remove_member("m-Eli", now));
    now = start + 7 * day;
    start_session(2, 1);
    ASSERT_FALSE(cohort.answer_refresher("m-Ana", 2, std::nullopt, "card", 3, now + 2 * day));
    ASSERT_FALSE(cohort.surface(cohort.facilitator_view(now)["reflections"][0]["released"][0]["id"].get<std::string>(), true));
    cohort.set_webhook("http://hooks.example/x", "whsecret");
    cohort.mark_notified("task.due:1");
  }
};

TEST_F(CohortSnapshot, ARoundTripKeepsEverything) {
  fill();
  const json snapshot = cohort.to_json();
  const Cohort back = Cohort::from_json(json::parse(snapshot.dump()), &parse_test_programme);
  EXPECT_EQ(back.to_json(), snapshot);
  EXPECT_EQ(back.facilitator_view(now), cohort.facilitator_view(now));
  EXPECT_EQ(back.member_view("m-Ana", now), cohort.member_view("m-Ana", now));
  EXPECT_EQ(back.manager_view("mgr-1", now), cohort.manager_view("mgr-1", now));
  EXPECT_EQ(back.report(now), cohort.report(now));
  EXPECT_TRUE(back.notified("task.due:1"));
  EXPECT_EQ(back.webhook_secret(), "whsecret");
  EXPECT_EQ(back.programme().source, "anonymous");
}

TEST_F(CohortSnapshot, ADamagedSnapshotIsRefused) {
  fill();
  const json good = cohort.to_json();
  auto refused = [&](const std::function<void(json&)>& damage) {
    json bad = good;
    damage(bad);
    EXPECT_THROW(Cohort::from_json(bad, &parse_test_programme), std::runtime_error) << bad.dump().substr(0, 200);
  };
  refused([](json& j) { j.erase("members"); });
  refused([](json& j) { j["members"] = "nobody"; });
  refused([](json& j) { j["members"][0]["name"] = 7; });
  refused([](json& j) { j["members"][0].erase("tokenHash"); });
  refused([](json& j) { j["runs"][0]["session"] = 9; });
  refused([](json& j) { j["runs"][0]["codes"] = {{"x", "CODE"}}; });
  refused([](json& j) { j["answers"][0]["ratings"] = {{"Listening", "three"}}; });
  refused([](json& j) { j["reflections"]["pools"][0].erase("waiting"); });
  refused([](json& j) { j["checkins"][0]["ticked"] = {7}; });
  refused([](json& j) { j["startsAt"] = "yesterday"; });
  refused([](json& j) { j["version"] = 2; });
  refused([](json& j) { j = json::array(); });
  refused([](json& j) { j["programme"].erase("source"); });
  EXPECT_THROW(Cohort::from_json(good, [](const std::string&) -> std::shared_ptr<const Programme> { return nullptr; }),
               std::runtime_error);
}

}  // namespace
}  // namespace huddle::core::test

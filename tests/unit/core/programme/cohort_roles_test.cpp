// Role separation, view by view: what the facilitator, each member, each manager, and the people of
// another cohort may see, searched for in the dumped JSON of every view.
#include "cohort_fixture.hpp"

namespace huddle::core::test {
namespace {

using nlohmann::json;

struct Expectation {
  std::string label;
  json view;
  std::vector<std::string> must;
  std::vector<std::string> must_not;
};

class RoleSeparation : public CohortFixture {
 protected:
  // Cohort one: anonymous reflections. Cohort two (another facilitator's): named reflections.
  Cohort two = Cohort::create("c-2", make_programme("named"), "Autumn cohort", "KEYHASH-2", "ENROL2", start, start - day);

  void SetUp() override {
    enrol_all({"Anaya", "Bento", "Caius", "Delphine"});
    ASSERT_FALSE(cohort.invite_manager("m-Anaya", "mgr-Anaya", "Morgana", now));
    ASSERT_FALSE(cohort.invite_manager("m-Bento", "mgr-Bento", "Bertram", now));
    cohort.set_webhook("http://hooks.example/one", "WEBHOOK-SECRET-1");
    now = start;
    start_session(1);
    TaskInput ana = text("ANON-ANAYA");
    ana.yes_no = true;
    ana.ratings = {{"Listening", 4}, {"Questions", 2}};
    ana.share_yes_no = ana.share_ratings = true;
    ASSERT_FALSE(answer("Anaya", 1, ana));
    ASSERT_FALSE(answer("Bento", 1, text("ANON-BENTO")));
    ASSERT_FALSE(answer("Caius", 1, text("ANON-CAIUS")));
    ASSERT_FALSE(answer("Delphine", 1, text("ANON-DELPHINE-WAITING")));
    const json released = cohort.facilitator_view(now)["reflections"][0]["released"];
    for (const auto& r : released) {
      if (r["text"] == "ANON-BENTO") {
        ASSERT_FALSE(cohort.surface(r["id"].get<std::string>(), true));
      }
    }
    ASSERT_FALSE(cohort.check_in("mgr-Anaya", 1, {0}, "NOTE-FOR-ANAYA", now));
    ASSERT_FALSE(cohort.check_in("mgr-Bento", 1, {1}, "NOTE-FOR-BENTO", now));
    now = start + 3 * day;
    ASSERT_FALSE(cohort.answer_refresher("m-Anaya", 1, 1, std::nullopt, 9, now));

    for (const char* name : {"Zedekiah", "Yannick", "Xiadani"}) {
      ASSERT_FALSE(two.enrol(std::string("m-") + name, name, std::string("tok-") + name, std::string("feed-") + name, now));
    }
    ASSERT_FALSE(two.invite_manager("m-Zedekiah", "mgr-Zedekiah", "Zora", now));
    ASSERT_FALSE(two.invite_manager("m-Yannick", "mgr-Yannick", "Yara", now));
    ASSERT_FALSE(two.session_started(1, 0, "TWO1", 5, now));
    TaskInput zed = TaskInput{};
    zed.text = "NAMED-ZEDEKIAH";
    zed.share_text = true;
    ASSERT_FALSE(two.answer_task("m-Zedekiah", 1, zed, 6, now));
    ASSERT_FALSE(two.answer_task("m-Yannick", 1, text("NAMED-YANNICK-PRIVATE"), 7, now));
    ASSERT_FALSE(two.check_in("mgr-Zedekiah", 1, {2}, "NOTE-FOR-ZEDEKIAH", now));
  }

  static void check(const Expectation& e) {
    ASSERT_FALSE(e.view.is_null()) << e.label;
    const std::string dumped = e.view.dump();
    for (const auto& s : e.must) EXPECT_NE(dumped.find(s), std::string::npos) << e.label << " should show " << s;
    for (const auto& s : e.must_not) EXPECT_EQ(dumped.find(s), std::string::npos) << e.label << " must not show " << s;
  }
};

// Never in any view of anyone: secrets and hashes.
const std::vector<std::string> secrets = {"tok-", "feed-", "mgr-", "KEYHASH", "WEBHOOK-SECRET"};
const std::vector<std::string> cohort_two = {"Zedekiah", "Yannick", "Xiadani", "NAMED-", "NOTE-FOR-ZEDEKIAH", "ENROL2", "Autumn", "Zora", "Yara"};
const std::vector<std::string> cohort_one = {"Anaya", "Bento", "Caius", "Delphine", "ANON-", "NOTE-FOR-ANAYA", "NOTE-FOR-BENTO", "ENROL1", "Spring", "Morgana", "Bertram"};

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(RoleSeparation, EveryViewShowsWhatItsRoleMaySeeAndNothingElse) {
  const std::vector<Expectation> table = {
      {"facilitator (one)", cohort.facilitator_view(now),
       {"ENROL1", "m-Anaya", "m-Delphine", "Anaya", "Delphine", "ANON-ANAYA", "ANON-BENTO", "ANON-CAIUS", "http://hooks.example/one"},
       plus(plus(secrets, cohort_two), {"ANON-DELPHINE-WAITING", "NOTE-FOR-ANAYA", "NOTE-FOR-BENTO"})},
      {"report (one)", cohort.report(now),
       {"Anaya", "ANON-ANAYA"},
       plus(plus(secrets, cohort_two), {"ANON-DELPHINE-WAITING", "NOTE-FOR", "ENROL1", "m-Anaya", "hooks.example"})},
      {"member Anaya", cohort.member_view("m-Anaya", now),
       {"Anaya", "Bento", "Caius", "Delphine", "NOTE-FOR-ANAYA", "Morgana", "ANON-BENTO" /* surfaced */},
       plus(plus(secrets, cohort_two),
            {"m-Bento", "m-Caius", "m-Delphine", "ANON-ANAYA", "ANON-CAIUS", "ANON-DELPHINE", "NOTE-FOR-BENTO", "Bertram",
             "ENROL1", "hooks.example", "CODE"})},
      {"member Delphine", cohort.member_view("m-Delphine", now),
       {"Anaya", "Delphine", "ANON-BENTO"},
       plus(plus(secrets, cohort_two), {"m-Anaya", "m-Bento", "ANON-ANAYA", "ANON-DELPHINE", "NOTE-FOR", "Morgana", "Bertram", "ENROL1"})},
      {"manager of Anaya", cohort.manager_view("mgr-Anaya", now),
       {"Anaya", "Asked before telling", "NOTE-FOR-ANAYA", "Listening"},
       plus(plus(secrets, cohort_two),
            {"Bento", "Caius", "Delphine", "m-Anaya", "ANON-", "NOTE-FOR-BENTO", "ENROL1", "hooks.example", "Morgana", "CODE"})},
      {"manager of Bento", cohort.manager_view("mgr-Bento", now),
       {"Bento", "NOTE-FOR-BENTO"},
       plus(plus(secrets, cohort_two), {"Anaya", "Caius", "Delphine", "ANON-", "NOTE-FOR-ANAYA", "Listening\""})},
      {"facilitator (two)", two.facilitator_view(now),
       {"ENROL2", "m-Yannick", "NAMED-YANNICK-PRIVATE", "NAMED-ZEDEKIAH"},
       plus(secrets, cohort_one)},
      {"member Zedekiah (two)", two.member_view("m-Zedekiah", now),
       {"Zedekiah", "Yannick", "Xiadani", "NAMED-ZEDEKIAH", "NOTE-FOR-ZEDEKIAH"},
       plus(plus(secrets, cohort_one), {"m-Yannick", "m-Xiadani", "NAMED-YANNICK-PRIVATE", "Yara", "ENROL2"})},
      {"member Yannick (two)", two.member_view("m-Yannick", now),
       {"NAMED-YANNICK-PRIVATE"},
       plus(plus(secrets, cohort_one), {"m-Zedekiah", "NAMED-ZEDEKIAH", "NOTE-FOR-ZEDEKIAH", "Zora"})},
      {"manager of Zedekiah (two)", two.manager_view("mgr-Zedekiah", now),
       {"Zedekiah", "NAMED-ZEDEKIAH", "NOTE-FOR-ZEDEKIAH"},
       plus(plus(secrets, cohort_one), {"Yannick", "Xiadani", "NAMED-YANNICK", "m-Zedekiah", "ENROL2"})},
      {"manager of Yannick (two)", two.manager_view("mgr-Yannick", now),
       {"Yannick"},
       plus(plus(secrets, cohort_one), {"NAMED-", "Zedekiah", "NOTE-FOR"})},
  };
  for (const auto& e : table) check(e);
}

TEST_F(RoleSeparation, AManagerSeesOnlyWhatTheirMemberShared) {
  const auto week = cohort.manager_view("mgr-Anaya", now)["weeks"][0];
  EXPECT_EQ(week["shared"], (json{{"done", true}, {"yesNo", true}, {"ratings", {{"Listening", 4}, {"Questions", 2}}}}));
  const auto bento = cohort.manager_view("mgr-Bento", now)["weeks"][0];
  EXPECT_EQ(bento["shared"], (json{{"done", true}}));  // shared nothing: only that it is done
  const auto yannick = two.manager_view("mgr-Yannick", now)["weeks"][0]["shared"];
  EXPECT_EQ(yannick, (json{{"done", true}}));  // a named reflection not shared
}

TEST_F(RoleSeparation, TokensOfOneCohortOpenNothingInAnother) {
  EXPECT_EQ(cohort.member_by_token("tok-Zedekiah"), nullptr);
  EXPECT_EQ(cohort.manager_by_token("mgr-Zedekiah"), nullptr);
  EXPECT_EQ(two.member_by_token("tok-Anaya"), nullptr);
  EXPECT_EQ(two.member_by_feed("feed-Anaya"), nullptr);
  EXPECT_TRUE(cohort.member_view("m-Zedekiah", now).is_null());
  EXPECT_TRUE(cohort.manager_view("mgr-Zedekiah", now).is_null());
  EXPECT_FALSE(cohort.session_of("TWO1"));
  EXPECT_TRUE(cohort.check_in("mgr-Zedekiah", 1, {}, "", now));
  // A member's token is not a manager's, nor the other way round.
  EXPECT_EQ(cohort.manager_by_token("tok-Anaya"), nullptr);
  EXPECT_EQ(cohort.member_by_token("mgr-Anaya"), nullptr);
  EXPECT_EQ(cohort.member_by_token("feed-Anaya"), nullptr);
}

TEST_F(RoleSeparation, TheViewsFollowTheDocumentedShapes) {
  const auto f = cohort.facilitator_view(now);
  for (const char* key : {"id", "title", "programme", "startsAt", "enrolCode", "ended", "webhook", "members", "sessions",
                          "ratings", "reflections", "namedReflections", "refresherCards", "checkins"}) {
    EXPECT_TRUE(f.contains(key)) << key;
  }
  EXPECT_EQ(f["webhook"], (json{{"url", "http://hooks.example/one"}}));
  EXPECT_EQ(f["programme"]["sessions"][1]["mode"], "pod");
  EXPECT_EQ(f["programme"]["pods"], (json{{"size", 4}, {"rotate", "never"}}));
  EXPECT_EQ(f["sessions"][0]["codes"], (json{{"0", "CODE1-0"}}));
  EXPECT_EQ(f["sessions"][0]["plannedAt"], "2027-01-15T08:00:00Z");
  EXPECT_EQ(f["sessions"][0]["task"]["asks"],
            (json{{"text", "What did you notice?"}, {"rating", {"Listening", "Questions"}}, {"yesNo", "Did you run it?"}}));
  EXPECT_EQ(f["sessions"][2]["task"], nullptr);
  EXPECT_EQ(f["sessions"][0]["refresher"]["poll"]["counts"], json::array({0, 1, 0}));
  EXPECT_EQ(f["sessions"][1]["refresher"]["card"], "One thing you will try next");
  const auto m = cohort.member_view("m-Anaya", now);
  for (const char* key : {"cohort", "me", "names", "pod", "schedule", "due", "tasks", "refreshers", "manager", "surfaced", "calendar"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
  EXPECT_EQ(m["cohort"]["programme"], (json{{"id", "first-time-manager"}, {"title", "First-time manager"}}));
  const auto g = cohort.manager_view("mgr-Anaya", now);
  for (const char* key : {"member", "cohort", "checklist", "schedule", "weeks", "current"}) EXPECT_TRUE(g.contains(key)) << key;
  EXPECT_EQ(g["member"], (json{{"name", "Anaya"}}));
  EXPECT_EQ(g["weeks"].size(), 3u);
}

}  // namespace
}  // namespace huddle::core::test

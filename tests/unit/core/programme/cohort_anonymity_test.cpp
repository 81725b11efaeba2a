// Anonymous reflections and refresher cards: no view, report or snapshot puts a member beside what they
// wrote anonymously, the pen holds texts until K members wrote, releases them shuffled, keeps no order of
// arrival, and nothing anonymous ever reaches a manager.
#include <set>

#include "cohort_fixture.hpp"
#include "core/programme/programme_limits.hpp"

namespace huddle::core::test {
namespace {

using nlohmann::json;

// The strings directly in an object (its string values, and strings in its arrays of strings).
std::vector<std::string> direct_strings(const json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) {
    if (value.is_string()) out.push_back(value.get<std::string>());
    if (value.is_array()) {
      for (const auto& v : value) {
        if (v.is_string()) out.push_back(v.get<std::string>());
      }
    }
  }
  return out;
}

// Every object holding `marker` (directly) that also mentions one of `identity` anywhere inside it.
void find_links(const json& j, const std::string& marker, const std::vector<std::string>& identity,
                std::vector<std::string>& links) {
  if (j.is_object()) {
    const auto strings = direct_strings(j);
    if (std::any_of(strings.begin(), strings.end(), [&](const auto& s) { return s.find(marker) != std::string::npos; })) {
      const std::string dumped = j.dump();
      for (const auto& who : identity) {
        if (dumped.find(who) != std::string::npos) links.push_back(dumped);
      }
    }
  }
  if (j.is_structured()) {
    for (const auto& child : j) find_links(child, marker, identity, links);
  }
}

bool contains(const json& j, const std::string& text) { return j.dump().find(text) != std::string::npos; }

class Anonymity : public CohortFixture {
 protected:
  void SetUp() override {
    enrol_all({"Anaya", "Bento", "Caius", "Delphine"});
    ASSERT_FALSE(cohort.invite_manager("m-Anaya", "mgr-Anaya", "Morgan", now));
    now = start;
    start_session(1);
    for (const char* who : {"m-Anaya", "m-Bento", "m-Caius", "m-Delphine"}) cohort.attended(1, who);
  }
  // Every view of every role, and the report, at `now`.
  std::vector<std::pair<std::string, json>> all_views() const {
    std::vector<std::pair<std::string, json>> views = {{"facilitator", cohort.facilitator_view(now)},
                                                       {"report", cohort.report(now)},
                                                       {"manager", cohort.manager_view("mgr-Anaya", now)}};
    for (const auto& m : cohort.members()) views.emplace_back("member " + m.name, cohort.member_view(m.id, now));
    return views;
  }
};

TEST_F(Anonymity, AReflectionAppearsInNoViewBesideItsAuthor) {
  TaskInput in;
  in.text = "MARKER-ANAYA reflection";
  in.yes_no = true;
  in.ratings = {{"Listening", 5}};
  in.share_yes_no = in.share_ratings = true;
  ASSERT_FALSE(answer("Anaya", 1, in));
  ASSERT_FALSE(answer("Bento", 1, text("Bento's thought")));
  ASSERT_FALSE(answer("Caius", 1, text("Caius's thought")));  // three writers: released
  const auto released = cohort.facilitator_view(now)["reflections"][0]["released"];
  ASSERT_EQ(released.size(), 3u);
  for (const auto& r : released) {
    if (r["text"] == "MARKER-ANAYA reflection") {
      ASSERT_FALSE(cohort.surface(r["id"].get<std::string>(), true));
    }
  }
  std::size_t seen = 0;
  for (const auto& [label, view] : all_views()) {
    std::vector<std::string> links;
    find_links(view, "MARKER-ANAYA", {"m-Anaya", "Anaya", "tok-Anaya", "mgr-Anaya"}, links);
    EXPECT_TRUE(links.empty()) << label << ": " << (links.empty() ? "" : links[0]);
    seen += contains(view, "MARKER-ANAYA") ? 1 : 0;
  }
  EXPECT_GE(seen, 5u);  // facilitator, report, and every member (surfaced): the search found the text
  EXPECT_FALSE(contains(cohort.manager_view("mgr-Anaya", now), "MARKER-ANAYA"));
  // Her own view says she wrote one, but not which.
  const auto mine = cohort.member_view("m-Anaya", now)["tasks"][0]["answer"];
  EXPECT_EQ(mine["wroteReflection"], true);
  EXPECT_TRUE(mine["text"].is_null());
}

TEST_F(Anonymity, ReflectionsWaitUnreleasedUntilKMembersWrote) {
  static_assert(reflection_release_writers == 3);
  ASSERT_FALSE(answer("Anaya", 1, text("MARKER one")));
  ASSERT_FALSE(answer("Bento", 1, text("MARKER two")));
  for (const auto& [label, view] : all_views()) EXPECT_FALSE(contains(view, "MARKER")) << label;
  EXPECT_EQ(cohort.facilitator_view(now)["reflections"][0]["waiting"], 2);
  EXPECT_EQ(cohort.report(now)["reflections"][0]["texts"], json::array());
  ASSERT_FALSE(answer("Caius", 1, text("MARKER three")));
  const auto pool = cohort.facilitator_view(now)["reflections"][0];
  EXPECT_EQ(pool["waiting"], 0);
  std::set<std::string> texts, ids;
  for (const auto& r : pool["released"]) {
    texts.insert(r["text"].get<std::string>());
    ids.insert(r["id"].get<std::string>());
    EXPECT_EQ(r["id"].get<std::string>().size(), 16u);
    EXPECT_EQ(r["surfaced"], false);
  }
  EXPECT_EQ(texts, (std::set<std::string>{"MARKER one", "MARKER two", "MARKER three"}));
  EXPECT_EQ(ids.size(), 3u);
  // The next ones wait again.
  ASSERT_FALSE(answer("Delphine", 1, text("MARKER four")));
  EXPECT_EQ(cohort.facilitator_view(now)["reflections"][0]["waiting"], 1);
  EXPECT_FALSE(contains(cohort.facilitator_view(now), "MARKER four"));
}

TEST_F(Anonymity, ABatchGoesOutShuffledByTheSeedNotInArrivalOrSortedOrder) {
  std::set<std::vector<std::string>> orders;
  for (std::uint64_t s = 1; s <= 16; ++s) {
    use("anonymous");
    enrol_all({"Anaya", "Bento", "Caius"});
    cohort.session_started(1, 0, "C", 1, now);
    ASSERT_FALSE(cohort.answer_task("m-Anaya", 1, text("a"), 1, now));
    ASSERT_FALSE(cohort.answer_task("m-Bento", 1, text("b"), 1, now));
    ASSERT_FALSE(cohort.answer_task("m-Caius", 1, text("c"), s, now));
    std::vector<std::string> order;
    const json released = cohort.facilitator_view(now)["reflections"][0]["released"];
    for (const auto& r : released) order.push_back(r["text"].get<std::string>());
    orders.insert(order);
  }
  EXPECT_GE(orders.size(), 4u);  // of the 6 orders, 16 seeds reach several
}

TEST_F(Anonymity, TheSnapshotKeepsNoAuthorAndNoOrderOfArrival) {
  // Same people, same moment, answers in two different orders: the stored snapshots are identical,
  // below K (waiting) and at K (released).
  auto run = [&](const std::vector<std::string>& order) {
    use("anonymous");
    enrol_all({"Anaya", "Bento", "Caius", "Delphine"});
    cohort.session_started(1, 0, "C", 1, now);
    std::vector<json> snapshots;
    std::uint64_t s = 100;
    for (const auto& who : order) {
      TaskInput in = text("thought of " + who);
      in.yes_no = true;
      EXPECT_FALSE(cohort.answer_task("m-" + who, 1, in, ++s, now));
      snapshots.push_back(cohort.to_json());
    }
    return snapshots;
  };
  const auto forward = run({"Anaya", "Bento", "Caius", "Delphine"});
  const auto backward = run({"Caius", "Bento", "Anaya", "Delphine"});
  EXPECT_NE(forward[0], backward[0]);  // one answer each: different people
  EXPECT_EQ(forward[1].dump(), run({"Bento", "Anaya", "Caius", "Delphine"})[1].dump());  // {Anaya, Bento} either way
  EXPECT_EQ(forward[2].dump(), backward[2].dump());  // released at K
  EXPECT_EQ(forward[3].dump(), backward[3].dump());

  const auto waiting = forward[1]["reflections"]["pools"][0]["waiting"];
  EXPECT_EQ(waiting, json::array({"thought of Anaya", "thought of Bento"}));
  for (const auto& snapshot : forward) {
    const std::string pools = snapshot["reflections"].dump();
    for (const auto& who : {"Anaya", "Bento", "Caius", "Delphine"}) {
      EXPECT_EQ(pools.find(std::string("m-") + who), std::string::npos);
      EXPECT_EQ(pools.find(std::string("tok-") + who), std::string::npos);
    }
    // No answer carries an anonymous text.
    for (const auto& a : snapshot["answers"]) EXPECT_EQ(a["text"], "");
  }
}

TEST_F(Anonymity, AManagerNeverSeesAnAnonymousReflectionEvenIfTheMemberTriedToShareIt) {
  TaskInput in = text("MARKER secret");
  in.share_text = true;
  EXPECT_TRUE(answer("Anaya", 1, in));  // refused whole
  in.share_text = false;
  in.share_yes_no = true;
  in.yes_no = false;
  ASSERT_FALSE(answer("Anaya", 1, in));
  TaskInput later;
  later.share_text = true;
  EXPECT_TRUE(answer("Anaya", 1, later));
  ASSERT_FALSE(answer("Bento", 1, text("x")));
  ASSERT_FALSE(answer("Caius", 1, text("y")));
  const json released = cohort.facilitator_view(now)["reflections"][0]["released"];
  for (const auto& r : released) {
    ASSERT_FALSE(cohort.surface(r["id"].get<std::string>(), true));
  }
  const auto manager = cohort.manager_view("mgr-Anaya", now);
  EXPECT_FALSE(contains(manager, "MARKER"));
  EXPECT_EQ(manager["weeks"][0]["shared"], (json{{"done", true}, {"yesNo", false}}));
}

TEST_F(Anonymity, RefresherCardsAndPollAnswersNameNobody) {
  now = start + 3 * day;
  ASSERT_FALSE(cohort.answer_refresher("m-Anaya", 1, 2, std::nullopt, 1, now));
  now = start + 9 * day;
  ASSERT_FALSE(cohort.answer_refresher("m-Anaya", 2, std::nullopt, "CARDMARK Anaya's card", 2, now));
  ASSERT_FALSE(cohort.answer_refresher("m-Bento", 2, std::nullopt, "CARDMARK two", 3, now));
  ASSERT_FALSE(cohort.answer_refresher("m-Caius", 2, std::nullopt, "CARDMARK three", 4, now));
  for (const auto& [label, view] : all_views()) {
    std::vector<std::string> links;
    find_links(view, "CARDMARK", {"m-Anaya", "m-Bento", "m-Caius", "tok-"}, links);
    EXPECT_TRUE(links.empty()) << label << ": " << (links.empty() ? "" : links[0]);
    if (label != "facilitator" && label != "report") {
      EXPECT_FALSE(contains(view, "CARDMARK")) << label;
    }
  }
  // Who answered a refresher shows only in their own view.
  const auto f = cohort.facilitator_view(now);
  EXPECT_EQ(f["sessions"][0]["refresher"]["answered"], 1);
  for (const auto& m : f["members"]) {
    EXPECT_FALSE(m.contains("refreshers"));
    EXPECT_FALSE(contains(m, "refresh"));
  }
  const std::string pools = cohort.to_json()["refresherCards"].dump();
  EXPECT_EQ(pools.find("m-"), std::string::npos);
}

TEST_F(Anonymity, TheFacilitatorSeesMeansOfSelfRatingsNeverOnePersonsRating) {
  const std::vector<std::pair<std::string, int>> given = {{"Anaya", 1}, {"Bento", 2}};
  for (const auto& [who, value] : given) {
    TaskInput in;
    in.ratings = {{"Listening", value}, {"Questions", value}};
    ASSERT_FALSE(answer(who, 1, in));
  }
  auto f = cohort.facilitator_view(now);
  EXPECT_EQ(f["ratings"][0]["points"], json::array());  // two raters: a mean would tell who said what
  TaskInput in;
  in.ratings = {{"Listening", 5}};
  ASSERT_FALSE(answer("Caius", 1, in));
  f = cohort.facilitator_view(now);
  EXPECT_EQ(f["ratings"][0]["points"], (json::array({{{"session", 1}, {"mean", 2.67}, {"count", 3}}})));
  EXPECT_EQ(f["ratings"][1]["points"], json::array());
  for (const auto& m : f["members"]) {
    EXPECT_FALSE(contains(m, "ratings"));
    EXPECT_FALSE(contains(m, "Listening"));
  }
  EXPECT_FALSE(contains(f["members"], "\"ratings\""));
}

}  // namespace
}  // namespace huddle::core::test

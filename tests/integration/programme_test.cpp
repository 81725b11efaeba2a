// A programme end to end over real sockets (issue 18, protocol/PROGRAMMES.md): a cohort of three runs two
// sessions with a micro-task between them and a manager's check-in; members join each session with their
// token, as the same person every time; nothing anonymous reaches a manager, a frame, a log or an export with
// its author; every view opens only for its own role; and the cohort comes back after a restart.
#include <chrono>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/iso_utc.hpp"
#include "data_folder.hpp"
#include "log_capture.hpp"
#include "store/event_json.hpp"
#include "store/sqlite_cohort_store.hpp"
#include "store/sqlite_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

// Two sessions of the same scenario, so its poll ("Which first?") is asked twice, with a task after each.
constexpr const char* two_weeks = R"({
  "id": "two-weeks", "title": "Two weeks of practice", "description": "A short programme for tests.",
  "reflections": "anonymous", "pods": {"size": 3, "rotate": "never"},
  "managerChecklist": ["Asked before advising", "Gave specific feedback"],
  "sessions": [
    {"scenario": "activities", "day": 0,
     "task": {"title": "Ask before you advise", "text": "In one 1:1 this week, ask two questions before you suggest anything.",
              "dueDays": 5, "bringBack": {"text": "What happened?", "rating": true, "yesNo": "Did you manage it?"}}},
    {"scenario": "activities", "day": 7}
  ]})";

core::Millis now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

json body_of(const HttpReply& reply) { return json::parse(reply.body); }

// The objects and arrays that hold a string containing `text`, innermost first.
std::vector<const json*> containers_around(const json& root, const std::string& text) {
  std::vector<const json*> around;
  std::function<bool(const json&)> find = [&](const json& node) {
    if (node.is_string()) return node.get<std::string>().find(text) != std::string::npos;
    if (!node.is_object() && !node.is_array()) return false;
    for (const auto& child : node) {
      if (find(child)) {
        around.push_back(&node);
        return true;
      }
    }
    return false;
  };
  find(root);
  return around;
}

struct Cohort {
  std::string id, key, enrol;
};

Cohort create_cohort(unsigned short port) {
  std::ofstream file;
  auto reply = http_call(port, "POST", "/api/cohorts", {},
                         json{{"programme", "two-weeks"}, {"title", "Spring cohort"}, {"startsAt", core::iso_utc(now_ms() - 3600'000)}}.dump());
  EXPECT_EQ(reply.status, 201) << reply.body;
  const json created = body_of(reply);
  return {created["cohort"], created["facilitatorKey"], created["enrolCode"]};
}

std::string enrol(unsigned short port, const std::string& code, const std::string& name) {
  auto reply = http_call(port, "POST", "/api/enrol", {}, json{{"code", code}, {"name", name}}.dump());
  EXPECT_EQ(reply.status, 201) << reply.body;
  return body_of(reply)["memberToken"];
}

void write_programme(const std::filesystem::path& scenarios) {
  std::filesystem::create_directories(scenarios / "programmes");
  std::ofstream(scenarios / "programmes" / "two-weeks.json") << two_weeks;
}

// Everything a WebSocket client received, as text, for searching.
struct Recorder {
  std::string frames;
  json keep(json message) {
    frames += message.dump() + "\n";
    return message;
  }
};

TEST(Programme, TwoSessionsWithAMicroTaskBetweenAndAManagerCheckInEndToEnd) {
  LogCapture log;
  TestServer server;
  write_programme(server.scenarios());
  const auto port = server.port();
  const Cohort cohort = create_cohort(port);
  const std::map<std::string, std::string> facilitator{{"X-Facilitator-Key", cohort.key}};
  const std::string ana = enrol(port, cohort.enrol, "Ana"), ben = enrol(port, cohort.enrol, "Ben"),
                    cy = enrol(port, cohort.enrol, "Cy");
  Recorder frames;

  // Session 1: started from the cohort, opened by the console with the cohort's key.
  auto started = http_call(port, "POST", "/api/cohorts/" + cohort.id + "/sessions/1", facilitator);
  ASSERT_EQ(started.status, 200) << started.body;
  const std::string code1 = body_of(started)["code"];
  WsTestClient console(port);
  console.hello();
  ASSERT_EQ(frames.keep(console.request({{"type", "facilitator.attach"}, {"code", code1}, {"facilitatorKey", cohort.key}}))["type"], "ack");

  // Members join with their token, no name typed, and come back as the same person from another device.
  std::map<std::string, std::string> participant_of;
  std::vector<std::unique_ptr<WsTestClient>> people;
  for (const auto& [name, token] : std::vector<std::pair<std::string, std::string>>{{"Ana", ana}, {"Ben", ben}, {"Cy", cy}}) {
    people.push_back(std::make_unique<WsTestClient>(port));
    people.back()->hello();
    const json joined = frames.keep(people.back()->request({{"type", "join"}, {"code", code1}, {"member", token}}));
    ASSERT_EQ(joined["type"], "ack") << joined;
    EXPECT_EQ(joined["result"]["name"], name);
    participant_of[name] = joined["result"]["participantId"];
  }
  {
    WsTestClient phone(port);
    phone.hello();
    const json again = frames.keep(phone.request({{"type", "join"}, {"code", code1}, {"member", ana}}));
    ASSERT_EQ(again["type"], "ack") << again;
    EXPECT_EQ(again["result"]["participantId"], participant_of["Ana"]) << "a member is one person in a session, on any device";
  }
  ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  for (auto& person : people) ASSERT_EQ(person->request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 0}}}})["type"], "ack");

  // Between the sessions: the task is due on each member's page, and each answers it.
  const json due = body_of(http_call(port, "GET", "/api/me", {{"X-Member-Token", ana}}));
  ASSERT_FALSE(due["due"].empty()) << due;
  EXPECT_EQ(due["due"][0]["kind"], "task");
  EXPECT_EQ(due["schedule"][0]["attended"], true);
  const std::string marker = "marker-reflection-7Q-first";
  const std::map<std::string, std::string> texts{{ana, marker}, {ben, "Ben asked and waited"}, {cy, "Cy forgot twice"}};
  int rating = 3;
  for (const auto& [token, text] : texts) {
    auto answered = http_call(port, "PUT", "/api/me/tasks/1", {{"X-Member-Token", token}},
                              json{{"yesNo", true}, {"ratings", {{"feedback", rating++}}}, {"text", text},
                                   {"share", {{"yesNo", true}, {"ratings", true}}}}.dump());
    ASSERT_EQ(answered.status, 200) << answered.body;
  }
  // An anonymous reflection cannot be shared with a manager.
  auto shared_text = http_call(port, "PUT", "/api/me/tasks/1", {{"X-Member-Token", ana}}, json{{"share", {{"text", true}}}}.dump());
  EXPECT_EQ(shared_text.status, 409) << shared_text.body;

  // Ana's manager sees what she shared, ticks the checklist with a note, and she sees it.
  auto invited = http_call(port, "POST", "/api/me/manager", {{"X-Member-Token", ana}}, json{{"name", "Maria"}}.dump());
  ASSERT_EQ(invited.status, 200) << invited.body;
  const std::string manager = body_of(invited)["managerToken"];
  const auto manager_view = http_call(port, "GET", "/api/manager", {{"X-Manager-Token", manager}});
  ASSERT_EQ(manager_view.status, 200);
  const json mv = body_of(manager_view);
  EXPECT_EQ(mv["member"]["name"], "Ana");
  EXPECT_EQ(mv["weeks"][0]["shared"]["yesNo"], true) << mv;
  EXPECT_EQ(manager_view.body.find(marker), std::string::npos) << "an anonymous reflection never reaches a manager";
  EXPECT_EQ(manager_view.body.find("Ben"), std::string::npos) << "a manager sees only their own person";
  auto checked = http_call(port, "PUT", "/api/manager/checkins/1", {{"X-Manager-Token", manager}},
                           json{{"ticked", {0}}, {"note", "Asked three questions first"}}.dump());
  ASSERT_EQ(checked.status, 200) << checked.body;
  const json ana_view = body_of(http_call(port, "GET", "/api/me", {{"X-Member-Token", ana}}));
  EXPECT_NE(ana_view.dump().find("Asked three questions first"), std::string::npos) << ana_view;

  // Back in the facilitator's view: who did the task, the ratings' mean, and the reflections together,
  // without authors.
  const auto fv = http_call(port, "GET", "/api/cohorts/" + cohort.id, facilitator);
  ASSERT_EQ(fv.status, 200);
  const json view = body_of(fv);
  for (const auto& member : view["members"]) EXPECT_EQ(member["tasks"]["1"], "done") << member;
  ASSERT_EQ(view["reflections"][0]["released"].size(), 3u) << view["reflections"];
  EXPECT_EQ(view["ratings"][0]["points"][0]["mean"], 4.0) << view["ratings"];
  for (const auto& member : view["members"]) EXPECT_EQ(member.dump().find(marker), std::string::npos);

  // Session 2: everyone is recognised again; the poll is asked again.
  auto second = http_call(port, "POST", "/api/cohorts/" + cohort.id + "/sessions/2", facilitator);
  ASSERT_EQ(second.status, 200) << second.body;
  const std::string code2 = body_of(second)["code"];
  ASSERT_NE(code2, code1);
  WsTestClient console2(port);
  console2.hello();
  ASSERT_EQ(console2.request({{"type", "facilitator.attach"}, {"code", code2}, {"facilitatorKey", cohort.key}})["type"], "ack");
  ASSERT_EQ(console2.request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  int choice = 0;
  for (const auto& token : {ana, ben}) {
    WsTestClient member(port);
    member.hello();
    const json joined = frames.keep(member.request({{"type", "join"}, {"code", code2}, {"member", token}}));
    ASSERT_EQ(joined["type"], "ack") << joined;
    ASSERT_EQ(member.request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", ++choice}}}})["type"], "ack");
  }

  // The report: attendance, completion, check-ins and the question asked in both sessions.
  const auto report = http_call(port, "GET", "/api/cohorts/" + cohort.id + "/report", facilitator);
  ASSERT_EQ(report.status, 200) << report.body;
  const json r = body_of(report);
  EXPECT_EQ(r["attendance"][0]["attended"], 3);
  EXPECT_EQ(r["attendance"][1]["attended"], 2);
  EXPECT_EQ(r["tasks"][0]["done"], 3);
  EXPECT_EQ(r["checkins"][0]["done"], 1);
  ASSERT_EQ(r["repeatedPolls"].size(), 1u) << r["repeatedPolls"];
  EXPECT_EQ(r["repeatedPolls"][0]["question"], "Which first?");
  ASSERT_EQ(r["repeatedPolls"][0]["asked"].size(), 2u);
  EXPECT_EQ(r["repeatedPolls"][0]["asked"][0]["session"], 1);
  EXPECT_EQ(r["repeatedPolls"][0]["asked"][1]["session"], 2);
  auto csv = http_call(port, "GET", "/api/cohorts/" + cohort.id + "/report?format=csv", facilitator);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.headers["content-type"].find("text/csv"), std::string::npos);

  // Nothing links Ana to her reflection: not a frame, not the journal, not the log, not an export, not the
  // stored cohort (where it sits in a pool with no member in it).
  EXPECT_EQ(frames.frames.find(marker), std::string::npos);
  std::string journal;
  for (const auto& code : {code1, code2}) {
    for (const auto& event : server.journal().read(code)) journal += store::event_to_json(event).dump();
  }
  EXPECT_EQ(journal.find(marker), std::string::npos);
  // The containers around the stored text and the exported one (its entry and the list that holds it) name
  // nobody.
  for (const json& where : {json::parse(server.cohorts().load_all().at(0).second), r}) {
    const auto around = containers_around(where, marker);
    ASSERT_GE(around.size(), 2u) << "the reflection is there, anonymously";
    for (std::size_t i = 0; i < 2; ++i) {
      const std::string container = around[i]->dump();
      EXPECT_EQ(container.find("Ana"), std::string::npos) << container;
      EXPECT_EQ(container.find("\"m-"), std::string::npos) << "no member id beside the text: " << container;
      EXPECT_EQ(container.find(participant_of["Ana"]), std::string::npos) << container;
    }
  }
  const auto csv_at = csv.body.find(marker);
  if (csv_at != std::string::npos) {
    const auto from = csv.body.rfind('\n', csv_at) + 1;
    const std::string row = csv.body.substr(from, csv.body.find('\n', csv_at) - from);
    EXPECT_EQ(row.find("Ana"), std::string::npos) << row;
  }
  const std::string logged = log.stop();
  EXPECT_EQ(logged.find(marker), std::string::npos);
  for (const auto& token : {ana, ben, cy, manager, cohort.key}) EXPECT_EQ(logged.find(token), std::string::npos) << "no secret is logged";
}

TEST(Programme, EachViewOpensOnlyForItsOwnRoleAndCohort) {
  TestServer server;
  write_programme(server.scenarios());
  const auto port = server.port();
  const Cohort one = create_cohort(port), two = create_cohort(port);
  const std::string ana = enrol(port, one.enrol, "Ana"), zoe = enrol(port, two.enrol, "Zoe");
  const std::string manager =
      body_of(http_call(port, "POST", "/api/me/manager", {{"X-Member-Token", ana}}, json::object().dump()))["managerToken"];
  const std::string code = body_of(http_call(port, "POST", "/api/cohorts/" + one.id + "/sessions/1", {{"X-Facilitator-Key", one.key}}))["code"];

  // The other cohort's key, a member's token and a manager's token open no facilitator view; every miss is
  // the same answer.
  const std::string target = "/api/cohorts/" + one.id;
  const auto wrong_key = http_call(port, "GET", target, {{"X-Facilitator-Key", two.key}});
  EXPECT_EQ(wrong_key.status, 404);
  EXPECT_EQ(http_call(port, "GET", target, {{"X-Member-Token", ana}}).status, 404);
  EXPECT_EQ(http_call(port, "GET", target, {{"X-Manager-Token", manager}}).status, 404);
  EXPECT_EQ(http_call(port, "GET", "/api/cohorts/nosuchcohort", {{"X-Facilitator-Key", one.key}}).body, wrong_key.body);
  EXPECT_EQ(http_call(port, "GET", target + "/report", {{"X-Facilitator-Key", two.key}}).status, 404);
  // A manager's token is not a member's, and the other way round.
  EXPECT_EQ(http_call(port, "GET", "/api/me", {{"X-Manager-Token", manager}}).status, 404);
  EXPECT_EQ(http_call(port, "GET", "/api/manager", {{"X-Member-Token", ana}}).status, 404);
  EXPECT_EQ(http_call(port, "GET", "/api/me", {{"X-Member-Token", one.key}}).status, 404);
  // A member sees their own cohort's names only.
  const auto zoe_view = http_call(port, "GET", "/api/me", {{"X-Member-Token", zoe}});
  ASSERT_EQ(zoe_view.status, 200);
  EXPECT_EQ(zoe_view.body.find("Ana"), std::string::npos);
  // Another cohort's member cannot join this cohort's session with their token.
  WsTestClient stranger(port);
  stranger.hello();
  const json refused = stranger.request({{"type", "join"}, {"code", code}, {"member", zoe}});
  EXPECT_EQ(refused["type"], "error");
  EXPECT_EQ(refused["code"], "token_invalid") << refused;
  // Changes come only as JSON from a page of this server.
  EXPECT_EQ(http_call(port, "POST", "/api/enrol", {{"Content-Type", "text/plain"}}, json{{"code", one.enrol}, {"name", "Eve"}}.dump()).status, 415);
  EXPECT_EQ(http_call(port, "POST", "/api/enrol", {{"Origin", "https://evil.example"}}, json{{"code", one.enrol}, {"name", "Eve"}}.dump()).status, 403);
}

TEST(Programme, GuessingCodesAndTokensRunsOutOfAllowanceAsWrongJoinCodesDo) {
  TestServer server([](net::ServerOptions& o) {
    o.hub.wrong_codes_burst = 5;
    o.hub.wrong_codes_per_minute = 1;
  });
  write_programme(server.scenarios());
  const auto port = server.port();
  const Cohort cohort = create_cohort(port);
  int not_found = 0, limited = 0;
  for (int i = 0; i < 12; ++i) {
    const int status = http_call(port, "POST", "/api/enrol", {}, json{{"code", "WRONG" + std::to_string(i)}, {"name", "Eve"}}.dump()).status;
    (status == 404 ? not_found : status == 429 ? limited : i) += 1;
  }
  EXPECT_EQ(not_found, 5);
  EXPECT_EQ(limited, 7);
  // Once the allowance is spent, even the right code is not looked up.
  EXPECT_EQ(http_call(port, "POST", "/api/enrol", {}, json{{"code", cohort.enrol}, {"name", "Eve"}}.dump()).status, 429);
  EXPECT_EQ(http_call(port, "GET", "/api/me", {{"X-Member-Token", "guess"}}).status, 429);
}

// A cohort's stored snapshot has a ceiling (ProgrammeOptions::max_snapshot_bytes, 2 MiB; 8 KiB here): the change
// that would pass it is refused with 413 and not made, and the cohort carries on with what it had.
TEST(Programme, AChangeThatWouldOutgrowTheCohortsStoredSizeIsRefusedAndNothingChanges) {
  TestServer server({}, nullptr, nullptr, [](hub::ProgrammeOptions& o) { o.max_snapshot_bytes = 8 * 1024; });
  write_programme(server.scenarios());
  const auto port = server.port();
  const Cohort cohort = create_cohort(port);
  std::vector<std::string> tokens;
  HttpReply refused;
  for (int i = 0; i < 200 && refused.status == 0; ++i) {
    auto reply = http_call(port, "POST", "/api/enrol", {}, json{{"code", cohort.enrol}, {"name", "Member " + std::to_string(i)}}.dump());
    if (reply.status == 201) tokens.push_back(body_of(reply)["memberToken"]);
    else refused = reply;
  }
  ASSERT_EQ(refused.status, 413) << refused.body;
  ASSERT_GE(tokens.size(), 3u) << "the ceiling is far above one cohort's first members";
  EXPECT_NE(body_of(refused).value("error", "").find("holds as much as it may"), std::string::npos) << refused.body;
  const json view = body_of(http_call(port, "GET", "/api/cohorts/" + cohort.id, {{"X-Facilitator-Key", cohort.key}}));
  EXPECT_EQ(view["members"].size(), tokens.size()) << "the refused enrolment left no member behind";
  EXPECT_EQ(http_call(port, "GET", "/api/me", {{"X-Member-Token", tokens.front()}}).status, 200);
  EXPECT_EQ(http_call(port, "POST", "/api/enrol", {}, json{{"code", cohort.enrol}, {"name", "One more"}}.dump()).status, 413)
      << "and the next one is refused the same way";
}

// A server on a data folder's journal and cohort store, as main() runs it; another on the same folder is the
// server after a restart.
struct ServerOnDisk {
  explicit ServerOnDisk(const DataFolder& data)
      : journal(data.journal(), store::Durability::full), cohorts(data.path, store::Durability::full), server({}, &journal, &cohorts) {
    write_programme(server.scenarios());
  }
  store::SqliteJournal journal;
  store::SqliteCohortStore cohorts;
  TestServer server;
};

// The sessions of earlier weeks have ended and, after a restart, are no longer hosted: deleting the cohort
// deletes them from the journal all the same, and their reports are gone.
TEST(Programme, DeletingACohortDeletesItsEndedSessionsFromTheJournal) {
  const DataFolder data;
  std::string code;
  Cohort cohort;
  {
    ServerOnDisk before(data);
    TestServer& server = before.server;
    cohort = create_cohort(server.port());
    code = body_of(http_call(server.port(), "POST", "/api/cohorts/" + cohort.id + "/sessions/1", {{"X-Facilitator-Key", cohort.key}}))["code"];
    WsTestClient console(server.port());
    console.hello();
    ASSERT_EQ(console.request({{"type", "facilitator.attach"}, {"code", code}, {"facilitatorKey", cohort.key}})["type"], "ack");
    ASSERT_EQ(console.request({{"type", "session.end"}})["type"], "ack");
  }
  ServerOnDisk after(data);
  TestServer& server = after.server;
  store::SqliteJournal& journal = after.journal;
  const auto report = [&] { return http_call(server.port(), "GET", "/api/sessions/" + code + "/report", {{"X-Facilitator-Key", cohort.key}}); };
  ASSERT_EQ(report().status, 200) << "the ended session keeps its report until the cohort goes";
  ASSERT_TRUE(journal.contains(code));
  ASSERT_EQ(http_call(server.port(), "DELETE", "/api/cohorts/" + cohort.id, {{"X-Facilitator-Key", cohort.key}}).status, 200);
  EXPECT_FALSE(journal.contains(code));
  EXPECT_EQ(report().status, 404);
}

TEST(Programme, ACohortComesBackAfterARestartAndItsMembersAreStillRecognised) {
  const DataFolder data;
  std::string ana, code, participant;
  Cohort cohort;
  {
    ServerOnDisk before(data);
    TestServer& server = before.server;
    cohort = create_cohort(server.port());
    ana = enrol(server.port(), cohort.enrol, "Ana");
    code = body_of(http_call(server.port(), "POST", "/api/cohorts/" + cohort.id + "/sessions/1", {{"X-Facilitator-Key", cohort.key}}))["code"];
    WsTestClient member(server.port());
    member.hello();
    participant = member.request({{"type", "join"}, {"code", code}, {"member", ana}})["result"]["participantId"];
    ASSERT_FALSE(participant.empty());
    ASSERT_EQ(http_call(server.port(), "PUT", "/api/me/tasks/1", {{"X-Member-Token", ana}}, json{{"yesNo", false}}.dump()).status, 200);
  }
  ServerOnDisk after(data);
  TestServer& server = after.server;
  store::SqliteJournal& journal = after.journal;
  const auto me = http_call(server.port(), "GET", "/api/me", {{"X-Member-Token", ana}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(body_of(me)["tasks"][0]["answer"]["yesNo"], false);
  WsTestClient member(server.port());
  member.hello();
  const json back = member.request({{"type", "join"}, {"code", code}, {"member", ana}});
  ASSERT_EQ(back["type"], "ack") << back;
  EXPECT_EQ(back["result"]["participantId"], participant);
  ASSERT_TRUE(journal.contains(code));
  // Deleting the cohort deletes it and its sessions: the member in the live session is let go, its journal is
  // empty, its code and the member's links open nothing afterwards.
  ASSERT_EQ(http_call(server.port(), "DELETE", "/api/cohorts/" + cohort.id, {{"X-Facilitator-Key", cohort.key}}).status, 200);
  // Asserted first: a session left behind fails here rather than leaving the read below waiting.
  ASSERT_FALSE(journal.contains(code)) << "the cohort's session is deleted with it";
  EXPECT_EQ(member.read_close_code(), 1000) << "the member in the live session is let go: " << member.last_error;
  EXPECT_EQ(http_call(server.port(), "GET", "/api/me", {{"X-Member-Token", ana}}).status, 404);
  EXPECT_TRUE(after.cohorts.load_all().empty());
  WsTestClient late(server.port());
  late.hello();
  EXPECT_EQ(late.request({{"type", "join"}, {"code", code}, {"name", "Ana"}})["type"], "error");
}

}  // namespace
}  // namespace huddle::test

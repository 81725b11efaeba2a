// A cohort's webhooks over real sockets (issue 18, protocol/PROGRAMMES.md "Webhooks"): the API takes a URL
// only on a host the operator allowed (--webhook-allow) and answers with the secret; the programme desk sends
// "session.starting" before a planned session and "task.due" before a task is due, once each, signed with
// that secret, naming who has not done the task, and never carrying a token or the secret. The notices are
// checked by ProgrammeDesk::tick_now() (the timer is set too long to fire) and read by a receiver on loopback.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/iso_utc.hpp"
#include "hub/secrets.hpp"
#include "support/webhook_receiver.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;
constexpr core::Millis minute = 60'000, hour = 60 * minute, day = 24 * hour;

// Session 1's task is due one day after it, so its "task.due" window opens at the session itself.
constexpr const char* weekly = R"({
  "id": "weekly-hooks", "title": "Weekly with hooks", "description": "A programme for the webhook tests.",
  "reflections": "named", "pods": {"size": 3, "rotate": "never"},
  "managerChecklist": ["Asked before advising"],
  "sessions": [
    {"scenario": "activities", "day": 0, "title": "Week one: asking first",
     "task": {"title": "Ask before you advise", "text": "Ask two questions before you suggest anything.",
              "dueDays": 1, "bringBack": {"yesNo": "Did you manage it?"}}},
    {"scenario": "activities", "day": 7}
  ]})";

core::Millis now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct Cohort {
  std::string id, key, enrol;
  std::map<std::string, std::string> facilitator() const { return {{"X-Facilitator-Key", key}}; }
};

Cohort new_cohort(unsigned short port, const std::string& starts_at) {
  auto reply = http_call(port, "POST", "/api/cohorts", {}, json{{"programme", "weekly-hooks"}, {"startsAt", starts_at}}.dump());
  EXPECT_EQ(reply.status, 201) << reply.body;
  const json created = json::parse(reply.body);
  return {created["cohort"], created["facilitatorKey"], created["enrolCode"]};
}

std::string member(unsigned short port, const Cohort& cohort, const std::string& name) {
  auto reply = http_call(port, "POST", "/api/enrol", {}, json{{"code", cohort.enrol}, {"name", name}}.dump());
  EXPECT_EQ(reply.status, 201) << reply.body;
  return json::parse(reply.body)["memberToken"];
}

HttpReply put_webhook(unsigned short port, const Cohort& cohort, const std::string& url) {
  return http_call(port, "PUT", "/api/cohorts/" + cohort.id + "/webhook", cohort.facilitator(), json{{"url", url}}.dump());
}

// The secret of a webhook the API accepted.
std::string webhook_secret(unsigned short port, const Cohort& cohort, const std::string& url) {
  const auto reply = put_webhook(port, cohort, url);
  EXPECT_EQ(reply.status, 200) << reply.body;
  return json::parse(reply.body).value("secret", "");
}

void write_weekly(const std::filesystem::path& scenarios) {
  std::filesystem::create_directories(scenarios / "programmes");
  std::ofstream(scenarios / "programmes" / "weekly-hooks.json") << weekly;
}

TEST(ProgrammeWebhook, OnlyAnAllowedHostIsTakenAndTheAnswerHoldsTheSecret) {
  {
    // No --webhook-allow: webhooks are off, and the API says so.
    TestServer server;
    write_weekly(server.scenarios());
    const Cohort cohort = new_cohort(server.port(), core::iso_utc(now_ms() + day));
    const auto off = put_webhook(server.port(), cohort, "http://hooks.example.org/huddle");
    EXPECT_EQ(off.status, 409) << off.body;
    const json why = json::parse(off.body);
    EXPECT_NE(why.value("error", "").find("--webhook-allow"), std::string::npos) << why;
    EXPECT_EQ(why["code"], "forbidden") << why;
  }
  TestServer server({}, nullptr, nullptr, [](hub::ProgrammeOptions& o) { o.webhook_hosts = {"hooks.example.org"}; });
  write_weekly(server.scenarios());
  const auto port = server.port();
  const Cohort cohort = new_cohort(port, core::iso_utc(now_ms() + day));
  for (const char* url : {"http://elsewhere.example.org/huddle", "http://127.0.0.1/huddle", "http://hooks.example.org:8080/huddle"}) {
    const auto refused = put_webhook(port, cohort, url);
    EXPECT_EQ(refused.status, 409) << url << ": " << refused.body;
    const json why = json::parse(refused.body);
    EXPECT_NE(why.value("error", "").find("does not allow webhooks to"), std::string::npos) << why;
    EXPECT_EQ(why["code"], "invalid_field") << why;
  }
  EXPECT_EQ(json::parse(http_call(port, "GET", "/api/cohorts/" + cohort.id, cohort.facilitator()).body)["webhook"], nullptr)
      << "a refused URL is not kept";

  const std::string url = "http://hooks.example.org/huddle?team=7";
  const auto taken = put_webhook(port, cohort, url);
  ASSERT_EQ(taken.status, 200) << taken.body;
  const std::string secret = json::parse(taken.body).value("secret", "");
  EXPECT_GE(secret.size(), 32u) << taken.body;
  const auto view = http_call(port, "GET", "/api/cohorts/" + cohort.id, cohort.facilitator());
  EXPECT_EQ(json::parse(view.body)["webhook"], json({{"url", url}})) << view.body;
  EXPECT_EQ(view.body.find(secret), std::string::npos) << "the secret is shown once, in the PUT's answer";
  // Setting it again draws a new secret; DELETE removes the webhook.
  EXPECT_NE(webhook_secret(port, cohort, url), secret);
  EXPECT_EQ(http_call(port, "DELETE", "/api/cohorts/" + cohort.id + "/webhook", cohort.facilitator()).status, 200);
  EXPECT_EQ(json::parse(http_call(port, "GET", "/api/cohorts/" + cohort.id, cohort.facilitator()).body)["webhook"], nullptr);
}

TEST(ProgrammeWebhook, SessionStartingAndTaskDueGoOutOnceEachSignedAndWithoutSecrets) {
  WebhookReceiver receiver;
  TestServer server({}, nullptr, nullptr, [&](hub::ProgrammeOptions& o) {
    o.webhook_hosts = {receiver.authority()};
    o.tick_ms = 7 * day;  // only tick_now() checks
  });
  write_weekly(server.scenarios());
  const auto port = server.port();
  hub::ProgrammeDesk& desk = *server.server().programmes();
  const std::string hooks = "http://" + receiver.authority();

  // Cohort A: session 1 starts in ten minutes (inside the 15-minute notice), its task is due a day later
  // (outside the 24-hour notice for another ten minutes).
  const std::string a_starts = core::iso_utc(now_ms() + 10 * minute);
  const Cohort a = new_cohort(port, a_starts);
  const std::string a_ana = member(port, a, "Ana A");
  const std::string a_secret = webhook_secret(port, a, hooks + "/hooks/a");
  ASSERT_FALSE(a_secret.empty());
  desk.tick_now();
  ASSERT_TRUE(receiver.wait_for(1)) << "no session.starting arrived";
  {
    const auto requests = receiver.requests();
    ASSERT_EQ(requests.size(), 1u);
    const auto& r = requests[0];
    EXPECT_EQ(r.method(), boost::beast::http::verb::post);
    EXPECT_EQ(r.target(), "/hooks/a");
    EXPECT_EQ(r["X-Huddle-Signature"], "sha256=" + hub::hmac_sha256_hex(a_secret, r.body()));
    const json notice = json::parse(r.body());
    EXPECT_EQ(notice, json({{"event", "session.starting"}, {"cohort", a.id}, {"session", 1},
                            {"title", "Week one: asking first"}, {"plannedAt", a_starts}}));
  }

  // Cohort B, created only now: two members, session 1 started two hours ago, its task due in 22 hours; Ben
  // has done it, Ana has not. Its "task.due" is the one notice the next tick has to send; a second
  // "session.starting" for A would be a second one.
  const core::Millis b_starts = now_ms() - 2 * hour;
  const Cohort b = new_cohort(port, core::iso_utc(b_starts));
  const std::string b_ana = member(port, b, "Ana"), b_ben = member(port, b, "Ben");
  ASSERT_EQ(http_call(port, "POST", "/api/cohorts/" + b.id + "/sessions/1", b.facilitator()).status, 200);
  const auto answered = http_call(port, "PUT", "/api/me/tasks/1", {{"X-Member-Token", b_ben}}, json{{"yesNo", true}}.dump());
  ASSERT_EQ(answered.status, 200) << answered.body;
  const std::string b_secret = webhook_secret(port, b, hooks + "/hooks/b");
  desk.tick_now();
  ASSERT_TRUE(receiver.wait_for(2)) << "no task.due arrived";
  {
    const auto requests = receiver.requests();
    ASSERT_EQ(requests.size(), 2u) << requests.back().body();
    const auto& r = requests[1];
    EXPECT_EQ(r.target(), "/hooks/b") << r.body();
    EXPECT_EQ(r["X-Huddle-Signature"], "sha256=" + hub::hmac_sha256_hex(b_secret, r.body()));
    EXPECT_NE(r["X-Huddle-Signature"], "sha256=" + hub::hmac_sha256_hex(a_secret, r.body()));
    const json notice = json::parse(r.body());
    EXPECT_EQ(notice, json({{"event", "task.due"}, {"cohort", b.id}, {"session", 1}, {"title", "Ask before you advise"},
                            {"dueAt", core::iso_utc(b_starts / 1000 * 1000 + day)}, {"notDone", {"Ana"}}}));
  }

  // A third tick owes nothing to A or B (Ana answering late sends nothing again). Proven as before: a fresh
  // cohort C's task.due must be the next and only request.
  ASSERT_EQ(http_call(port, "PUT", "/api/me/tasks/1", {{"X-Member-Token", b_ana}}, json{{"yesNo", false}}.dump()).status, 200);
  const Cohort c = new_cohort(port, core::iso_utc(now_ms() - 2 * hour));
  const std::string c_secret = webhook_secret(port, c, hooks + "/hooks/c");
  desk.tick_now();
  ASSERT_TRUE(receiver.wait_for(3)) << "no task.due arrived for C";
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u) << requests.back().body();
  EXPECT_EQ(requests[2].target(), "/hooks/c") << requests[2].body();
  const json c_notice = json::parse(requests[2].body());
  EXPECT_EQ(c_notice["event"], "task.due");
  EXPECT_EQ(c_notice["notDone"], json::array()) << "a cohort nobody enrolled in: nobody to name";

  // No notice carries a member's token, a webhook secret or a facilitator key, in its body or its headers
  // (the signature aside, which is a MAC of the body).
  for (const auto& r : requests) {
    std::string headers;
    for (const auto& field : r) {
      if (field.name_string() == "X-Huddle-Signature") continue;
      headers += std::string(field.name_string()) + ": " + std::string(field.value()) + "\n";
    }
    for (const std::string& secret : {a_ana, b_ana, b_ben, a_secret, b_secret, c_secret, a.key, b.key, c.key}) {
      EXPECT_EQ(r.body().find(secret), std::string::npos) << r.body();
      EXPECT_EQ(headers.find(secret), std::string::npos) << headers;
    }
  }
}

}  // namespace
}  // namespace huddle::test

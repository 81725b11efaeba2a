// A peer pod over real sockets, with the bundled pod scenario: one person starts a pod and gets its code,
// two more join with it, any member moves the phases and starts the role-play, everyone lands in the one room
// with a role each, nobody can act as a facilitator, and a sixth person finds the pod full.
#include <set>

#include <gtest/gtest.h>

#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

TEST(Pods, ThreePeopleRunARolePlayThemselvesAndTheSixthFindsThePodFull) {
  TestServer server([](net::ServerOptions& o) {
    const char* source = std::getenv("HUDDLE_SOURCE_DIR");
    o.scenarios = std::filesystem::path(source ? source : ".") / "scenarios";
  });
  WsTestClient ana(server.port());
  ana.hello();
  EXPECT_EQ(ana.request({{"type", "pod.create"}, {"scenario", "first-time-manager"}, {"name", "Ana"}})["code"], "invalid_field")
      << "a facilitated scenario is not a pod";
  const json created = ana.request({{"type", "pod.create"}, {"scenario", "pod-missed-deadline"}, {"name", "Ana"}});
  ASSERT_EQ(created["type"], "ack") << created.dump();
  const std::string code = created["result"]["code"];
  EXPECT_EQ(created["result"]["name"], "Ana");
  EXPECT_FALSE(created["result"].contains("facilitatorKey")) << "a pod has no facilitator";
  EXPECT_EQ(ana.wait_topic("session", [](const json& d) { return d["mode"] == "pod"; })["code"], code);

  std::vector<std::unique_ptr<WsTestClient>> others;
  for (const char* name : {"Ben", "Cy"}) {
    others.push_back(std::make_unique<WsTestClient>(server.port()));
    others.back()->hello();
    ASSERT_EQ(others.back()->request({{"type", "join"}, {"code", code}, {"name", name}})["type"], "ack");
  }
  // Any member moves on: Ben takes the pod to the role-play (phase 3).
  for (int i = 0; i < 4; ++i) ASSERT_EQ(others[0]->request({{"type", "phase.next"}})["type"], "ack");
  EXPECT_EQ(others[1]->request({{"type", "participant.remove"}, {"participantId", "p-x"}})["code"], "forbidden");
  ASSERT_EQ(others[1]->request({{"type", "breakout.start"}})["type"], "ack");

  std::set<std::string> roles;
  for (WsTestClient* c : {&ana, others[0].get(), others[1].get()}) {
    const json room = c->wait_topic("room", [](const json& d) { return !d.is_null() && !d["room"].is_null(); })["room"];
    EXPECT_EQ(room["members"].size(), 3u);
    roles.insert(room["role"]["id"].get<std::string>());
  }
  EXPECT_EQ(roles, (std::set<std::string>{"manager", "member", "observer"}));

  for (const char* name : {"Dee", "Eve"}) {
    WsTestClient c(server.port());
    c.hello();
    ASSERT_EQ(c.request({{"type", "join"}, {"code", code}, {"name", name}})["type"], "ack");
  }
  WsTestClient sixth(server.port());
  sixth.hello();
  const auto full = sixth.request({{"type", "join"}, {"code", code}, {"name", "Fay"}});
  EXPECT_EQ(full["code"], "session_full");
  // What the join page shows: a pod has no facilitator to ask, so the message must not send Fay to one.
  const std::string message = full.value("message", "");
  EXPECT_NE(message.find("pod is full"), std::string::npos) << message;
  EXPECT_EQ(message.find("acilitator"), std::string::npos) << message;
}

}  // namespace
}  // namespace huddle::test

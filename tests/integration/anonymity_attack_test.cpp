// The leave-and-join-again attack on the cards' K-writer rule, through the real server on loopback: one
// person who writes, leaves, joins under a new name on the same socket and writes again, then closes that
// socket and writes once more from a new one, does not make the pen release with the victim's card the only
// one they did not write.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

json join(WsTestClient& client, const std::string& code, const std::string& name) {
  auto joined = client.request({{"type", "join"}, {"code", code}, {"name", name}});
  EXPECT_EQ(joined["type"], "ack") << joined.dump();
  return joined["result"];
}

void submit(WsTestClient& client, const std::string& text) {
  auto reply = client.request({{"type", "card.submit"}, {"text", text}});
  ASSERT_EQ(reply["type"], "ack") << reply.dump();
}

TEST(AnonymityAttack, LeavingAndJoiningAgainNeverFillsTheOtherCardWriterPlaces) {
  TestServer server;
  WsTestClient console(server.port());
  console.hello();
  auto created = console.request({{"type", "session.create"}, {"scenario", "activities"}});
  ASSERT_EQ(created["type"], "ack") << created.dump();
  const std::string code = created["result"]["code"];
  ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 3}})["type"], "ack");  // cards, K = 3

  WsTestClient victim(server.port());
  victim.hello();
  join(victim, code, "Victim");
  submit(victim, "How do I tell my old peers no?");

  {
    WsTestClient mallory(server.port());
    mallory.hello();
    join(mallory, code, "Mallory");
    submit(mallory, "Decoy one");
    ASSERT_EQ(mallory.request({{"type", "leave"}})["type"], "ack");
    join(mallory, code, "Mallory Two");  // the same socket, a new participant
    submit(mallory, "Decoy two");
    mallory.close();  // no leave this time: the socket just goes away
  }
  console.wait_topic("roster", [](const json& d) {  // the server has seen it go
    for (const auto& p : d["participants"]) {
      if (p["name"] == "Mallory Two") return p["presence"] == "away";
    }
    return false;
  });
  WsTestClient again(server.port());  // and a new one joins under yet another name
  again.hello();
  join(again, code, "Mallory Three");
  submit(again, "Decoy three");

  // Four cards from "four people", three of them one person who is now one writer: still held.
  const json held = console.wait_topic("console", [](const json& d) {
    return !d["board"].is_null() && (d["board"]["waiting"] == 4 || !d["board"]["cards"].empty());
  })["board"];
  EXPECT_EQ(held["waiting"], 4) << held.dump();
  EXPECT_TRUE(held["cards"].empty()) << held.dump();
  EXPECT_EQ(console.request({{"type", "card.release"}})["code"], "phase_invalid");

  // One more real person: now three writers are here, and all five cards go out together.
  WsTestClient sam(server.port());
  sam.hello();
  join(sam, code, "Sam");
  submit(sam, "Who signs off leave now?");
  const json released = console.wait_topic("console", [](const json& d) {
    return !d["board"].is_null() && d["board"]["waiting"] == 0;
  })["board"];
  EXPECT_EQ(released["cards"].size(), 5u);
}

}  // namespace
}  // namespace huddle::test

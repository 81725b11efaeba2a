// Names people can trust, through real sockets: the same name in other letters is numbered, and a name
// with a hidden character or one that poses as the facilitator is refused with a message saying why.
#include <gtest/gtest.h>

#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

TEST(Names, CaseAndWidthVariantsAreNumberedAndHiddenOrStaffNamesAreRefused) {
  TestServer server;
  WsTestClient console(server.port());
  console.hello();
  const std::string code = console.request({{"type", "session.create"}, {"scenario", "demo"}})["result"]["code"];
  auto join = [&](const std::string& name) {
    auto client = std::make_unique<WsTestClient>(server.port());
    client->hello();
    json reply = client->request({{"type", "join"}, {"code", code}, {"name", name}});
    return reply;
  };

  EXPECT_EQ(join("Dana")["result"]["name"], "Dana");
  EXPECT_EQ(join("DANA")["result"]["name"], "DANA (2)");
  EXPECT_EQ(join("\uFF24\uFF41\uFF4E\uFF41")["result"]["name"], "\uFF24\uFF41\uFF4E\uFF41 (3)") << "fullwidth Dana";

  const json hidden = join("Dana\u200B");
  EXPECT_EQ(hidden["code"], "name_invalid") << hidden.dump();
  EXPECT_NE(hidden["message"].get<std::string>().find("U+200B"), std::string::npos) << hidden.dump();
  const json staff = join("Facilitator");
  EXPECT_EQ(staff["code"], "name_invalid") << staff.dump();
  EXPECT_NE(staff["message"].get<std::string>().find("reserved for the people running the session"), std::string::npos);

  const json roster = console.wait_topic("roster", [](const json& r) { return r["count"] == 3; });
  for (const auto& p : roster["participants"]) EXPECT_NE(p["name"], "Facilitator");
}

TEST(Names, AnnouncementsAndCardsWithHiddenCharactersAreRefused) {
  TestServer server;
  WsTestClient console(server.port());
  console.hello();
  const std::string code = console.request({{"type", "session.create"}, {"scenario", "activities"}})["result"]["code"];
  const json announced = console.request({{"type", "session.announce"}, {"text", "Back at ten\u2060"}});
  EXPECT_EQ(announced["code"], "invalid_field") << announced.dump();
  WsTestClient ana(server.port());
  ana.hello();
  ASSERT_EQ(ana.request({{"type", "join"}, {"code", code}, {"name", "Ana"}})["type"], "ack");
  ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 3}})["type"], "ack");
  const json card = ana.request({{"type", "card.submit"}, {"text", "Why\u00AD?"}});
  EXPECT_EQ(card["code"], "invalid_field") << card.dump();
  EXPECT_NE(card["message"].get<std::string>().find("U+00AD"), std::string::npos) << card.dump();
}

}  // namespace
}  // namespace huddle::test

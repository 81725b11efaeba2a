// Scenarios as facilitators use them: a bundled one run end to end, and edits to files on disk reaching new
// sessions while running ones keep the version they started with.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "integration/test_server.hpp"
#include "integration/ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

std::filesystem::path bundled_scenarios() {
  const char* source = std::getenv("HUDDLE_SOURCE_DIR");
  return std::filesystem::path(source ? source : ".") / "scenarios";
}

TEST(ScenarioFlow, ABundledScenarioRunsThroughEveryPhase) {
  TestServer server([](net::ServerOptions& o) { o.scenarios = bundled_scenarios(); });
  WsTestClient console(server.port());
  console.hello();
  auto created = console.request({{"type", "session.create"}, {"scenario", "first-time-manager"}});
  ASSERT_EQ(created["type"], "ack") << created.dump();
  const std::string code = created["result"]["code"];
  const auto agenda = console.wait_topic("facilitator", [](const json&) { return true; })["agenda"];
  ASSERT_GE(agenda.size(), 3u);

  std::vector<std::unique_ptr<WsTestClient>> people;
  for (const char* name : {"Ana", "Ben", "Chloe"}) {
    people.push_back(std::make_unique<WsTestClient>(server.port()));
    people.back()->hello();
    ASSERT_EQ(people.back()->request({{"type", "join"}, {"code", code}, {"name", name}})["type"], "ack");
  }
  for (std::size_t i = 0; i < agenda.size(); ++i) {
    auto reply = console.request({{"type", "phase.next"}});
    ASSERT_EQ(reply["type"], "ack") << "phase " << i << ": " << reply.dump();
    ASSERT_EQ(reply["result"]["phase"], i);
    for (auto& person : people) {
      auto session = person->wait_topic("session", [&](const json& d) { return !d["phase"].is_null() && d["phase"]["index"] == i; });
      EXPECT_EQ(session["phase"]["title"], agenda[i]["title"]);
      EXPECT_EQ(session["phase"]["activity"], agenda[i]["activity"]);
    }
  }
  EXPECT_EQ(console.request({{"type", "phase.next"}})["code"], "phase_invalid");  // past the last phase
  ASSERT_EQ(console.request({{"type", "session.end"}})["type"], "ack");
  for (auto& person : people) person->wait_topic("session", [](const json& d) { return d["status"] == "ended"; });
}

TEST(ScenarioFlow, EditsReachNewSessionsWhileRunningOnesKeepTheirVersion) {
  TestServer server;
  WsTestClient first(server.port());
  first.hello();
  auto one = first.request({{"type", "session.create"}, {"scenario", "demo"}});
  ASSERT_EQ(one["result"]["title"], "Demo workshop");

  // The facilitator edits the file in their git checkout while the first session runs.
  const auto file = server.scenarios() / "demo.json";
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("Demo workshop"), std::string("Demo workshop").size(), "Demo workshop, revised");
  text.replace(text.find("\"Welcome\""), std::string("\"Welcome\"").size(), "\"Hello everyone\"");
  std::ofstream(file, std::ios::trunc) << text;
  std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) + std::chrono::seconds(2));

  WsTestClient second(server.port());
  second.hello();
  auto two = second.request({{"type", "session.create"}, {"scenario", "demo"}});
  ASSERT_EQ(two["type"], "ack");
  EXPECT_EQ(two["result"]["title"], "Demo workshop, revised");
  EXPECT_EQ(second.wait_topic("session", [](const json&) { return true; })["agenda"][0]["title"], "Hello everyone");

  ASSERT_EQ(first.request({{"type", "resync"}})["type"], "ack");
  auto original = first.wait_topic("session", [](const json&) { return true; });
  EXPECT_EQ(original["title"], "Demo workshop");
  EXPECT_EQ(original["agenda"][0]["title"], "Welcome");
}

TEST(ScenarioFlow, ABrokenFileIsSkippedAndTheRestStillLoad) {
  TestServer server;
  std::ofstream(server.scenarios() / "broken.json") << R"({"id": "broken", "title": )";
  auto list = json::parse(http_get(server.port(), "/api/scenarios").body);
  std::vector<std::string> ids;
  for (const auto& s : list["scenarios"]) ids.push_back(s["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"activities", "demo"}));  // the two good files, not the broken one
}

}  // namespace
}  // namespace huddle::test

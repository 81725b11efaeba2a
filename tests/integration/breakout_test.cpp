// Breakout role-plays over real sockets: 60 people, rooms of three formed by the server, three rounds in
// which everyone plays every role once, and a person whose connection drops mid-round who comes back to the
// same room, role, round, step and deadline. The facilitator moves the rounds on by taking the remaining time
// off each step (breakout.time with a negative number), so the test waits for events, never for the clock.
// And the bundled scenarios' plan: three one-round role-plays in a row, the later two reusing the rooms with
// rotation, give each of nine people a different role in each.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "data_folder.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

constexpr int people_count = 60;

void write_scenario(const std::filesystem::path& folder) {
  std::ofstream(folder / "breakouts.json") << R"({
    "id": "breakouts", "title": "Breakouts", "description": "Role-play for tests", "competencies": ["feedback"],
    "durationMinutes": 30,
    "phases": [
      {"title": "Welcome", "notes": "", "activity": {"kind": "info", "text": "Hello"}},
      {"title": "Practice", "notes": "", "activity": {"kind": "roleplay", "situation": "A missed deadline",
        "groupSize": 3, "rounds": 3, "rotation": true,
        "videoLinkTemplate": "https://meet.example.org/{code}-{room}",
        "roles": [
          {"id": "manager", "name": "Manager", "brief": "Open with a question."},
          {"id": "report", "name": "Direct report", "brief": "You were overloaded."},
          {"id": "observer", "name": "Observer", "brief": "Watch the manager.", "checklist": ["Asked", "Agreed"]}],
        "timeline": [{"step": "prepare", "seconds": 60}, {"step": "play", "seconds": 300},
                     {"step": "feedback", "seconds": 120}]}}
    ]})";
}

// The position of a room's clock as one comparable number: round * 10 + step (done counts as the end).
int position(const json& clock) { return clock["done"].get<bool>() ? 1000 : clock["round"].get<int>() * 10 + clock["step"].get<int>(); }

// A server with one scenario, written by `write`, and a facilitator's console on a new session of it.
struct BreakoutServer {
  BreakoutServer(void (*write)(const std::filesystem::path&), const std::string& scenario)
      : written((write(scenarios.path), true)) {
    console.hello();
    const json created = console.request({{"type", "session.create"}, {"scenario", scenario}});
    EXPECT_EQ(created["type"], "ack") << created.dump();
    code = created["result"].value("code", "");
  }
  const DataFolder scenarios;
  const bool written;  // before the server starts
  TestServer server{[this](net::ServerOptions& o) {
    o.scenarios = scenarios.path;
    o.rate_limit_per_second = 0;
  }};
  WsTestClient console{server.port()};
  std::string code;
};

TEST(Breakouts, SixtyPeoplePlayThreeRoundsInRoomsOfThreeAndAReconnectLandsBackInPlace) {
  BreakoutServer host(write_scenario, "breakouts");
  auto& server = host.server;
  auto& console = host.console;
  const std::string code = host.code;
  ASSERT_FALSE(code.empty());

  std::vector<std::unique_ptr<WsTestClient>> people;
  std::vector<std::string> tokens;
  for (int i = 0; i < people_count; ++i) {
    people.push_back(std::make_unique<WsTestClient>(server.port()));
    people.back()->hello();
    const json joined = people.back()->request({{"type", "join"}, {"code", code}, {"name", "Person " + std::to_string(i)}});
    ASSERT_EQ(joined["type"], "ack") << joined.dump();
    tokens.push_back(joined["result"]["resumeToken"]);
  }
  ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  ASSERT_EQ(console.request({{"type", "breakout.form"}})["type"], "ack");
  ASSERT_EQ(console.request({{"type", "breakout.start"}})["type"], "ack");

  // Everyone is in a room of three with a role; the rooms hold one of each role.
  auto room_of = [&](int i, int at_position) {
    return people[static_cast<std::size_t>(i)]->wait_topic("room", [&](const json& d) {
      return !d.is_null() && !d["room"].is_null() && d["status"] == "running" && position(d["room"]["clock"]) == at_position;
    })["room"];
  };
  std::map<int, std::set<std::string>> roles_by_room;
  std::vector<std::set<std::string>> played(people_count);
  for (int i = 0; i < people_count; ++i) {
    const json room = room_of(i, 10);
    EXPECT_EQ(room["members"].size(), 3u);
    roles_by_room[room["number"]].insert(room["role"]["id"].get<std::string>());
    played[static_cast<std::size_t>(i)].insert(room["role"]["id"].get<std::string>());
    EXPECT_EQ(room["videoLink"], "https://meet.example.org/" + code + "-" + std::to_string(room["number"].get<int>()));
  }
  ASSERT_EQ(roles_by_room.size(), 20u);
  for (const auto& [number, roles] : roles_by_room) EXPECT_EQ(roles.size(), 3u) << "room " << number;

  // Moves every room to its next step now, and waits until the console shows all of them there.
  int at = 10;
  auto next_step = [&](int expected) {
    const json rooms = console.wait_topic("console", [&](const json& d) {
      return !d["breakouts"].is_null() && d["breakouts"]["status"] == "running" &&
             position(d["breakouts"]["rooms"][0]["clock"]) == at;
    })["breakouts"]["rooms"];
    const auto deadline = rooms[0]["clock"]["deadline"].get<std::int64_t>();
    const auto server_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count();
    const auto remaining = std::max<std::int64_t>(1, (deadline - server_now + 999) / 1000);
    ASSERT_EQ(console.request({{"type", "breakout.time"}, {"seconds", -remaining}})["type"], "ack");
    console.wait_topic("console", [&](const json& d) {
      for (const auto& room : d["breakouts"]["rooms"]) {
        if (position(room["clock"]) != expected) return false;
      }
      return true;
    });
    at = expected;
  };

  next_step(11);
  // Mid-round, person 7's connection drops; they come back with their token to the same place.
  const json before = room_of(7, 11);
  people[7]->close();
  people[7] = std::make_unique<WsTestClient>(server.port());
  people[7]->hello();
  ASSERT_EQ(people[7]->request({{"type", "resume"}, {"code", code}, {"resumeToken", tokens[7]}})["type"], "ack");
  const json after = room_of(7, 11);
  EXPECT_EQ(after["number"], before["number"]);
  EXPECT_EQ(after["role"], before["role"]);
  EXPECT_EQ(after["clock"], before["clock"]) << "same round, step and deadline";

  next_step(12);
  for (int round = 2; round <= 3; ++round) {
    next_step(round * 10);
    for (int i = 0; i < people_count; ++i) played[static_cast<std::size_t>(i)].insert(room_of(i, round * 10)["role"]["id"].get<std::string>());
    next_step(round * 10 + 1);
    next_step(round * 10 + 2);
  }
  for (int i = 0; i < people_count; ++i) {
    EXPECT_EQ(played[static_cast<std::size_t>(i)], (std::set<std::string>{"manager", "report", "observer"})) << "person " << i;
  }
  next_step(1000);  // the last step of the last round: every room is done
}

void write_reuse_scenario(const std::filesystem::path& folder) {
  std::string phases = R"({"title": "Welcome", "notes": "", "activity": {"kind": "info", "text": "Hello"}})";
  for (const char* forming : {R"("auto")", R"("reuse", "rotation": true)", R"("reuse", "rotation": true)"}) {
    phases += std::string(R"(, {"title": "Case", "notes": "", "activity": {"kind": "roleplay", "situation": "A case",
        "groupSize": 3, "forming": )") + forming + R"(,
        "roles": [{"id": "manager", "name": "Manager", "brief": "Open with a question."},
                  {"id": "report", "name": "Direct report", "brief": "You were overloaded."},
                  {"id": "observer", "name": "Observer", "brief": "Watch the manager."}],
        "timeline": [{"step": "play", "seconds": 300}]}})";
  }
  std::ofstream(folder / "reuse.json") << R"({"id": "reuse", "title": "Reuse", "description": "Three cases",
    "competencies": ["feedback"], "durationMinutes": 30, "phases": [)" + phases + "]}";
}

TEST(Breakouts, ThreeOneRoundRolePlaysReusingTheRoomsWithRotationGiveNinePeopleEveryRole) {
  BreakoutServer host(write_reuse_scenario, "reuse");
  auto& console = host.console;
  ASSERT_FALSE(host.code.empty());
  std::vector<std::unique_ptr<WsTestClient>> people;
  for (int i = 0; i < 9; ++i) {
    people.push_back(std::make_unique<WsTestClient>(host.server.port()));
    people.back()->hello();
    const json joined = people.back()->request({{"type", "join"}, {"code", host.code}, {"name", "Person " + std::to_string(i)}});
    ASSERT_EQ(joined["type"], "ack") << joined.dump();
  }
  std::vector<std::vector<std::string>> roles(9);  // each person's role, phase by phase
  std::vector<std::set<int>> rooms(9);             // and the rooms they were in
  for (int phase = 1; phase <= 3; ++phase) {
    ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", phase}})["type"], "ack");
    ASSERT_EQ(console.request({{"type", "breakout.form"}})["type"], "ack");
    ASSERT_EQ(console.request({{"type", "breakout.start"}})["type"], "ack");
    for (std::size_t i = 0; i < 9; ++i) {
      const json room = people[i]->wait_topic("room", [&](const json& d) {
        return !d.is_null() && d["phase"] == phase && d["status"] == "running" && !d["room"].is_null();
      })["room"];
      roles[i].push_back(room["role"]["id"]);
      rooms[i].insert(room["number"].get<int>());
    }
  }
  for (std::size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(rooms[i].size(), 1u) << "person " << i << " keeps their room";
    EXPECT_EQ(std::set<std::string>(roles[i].begin(), roles[i].end()), (std::set<std::string>{"manager", "report", "observer"}))
        << "person " << i << " played " << json(roles[i]).dump();
  }
}

}  // namespace
}  // namespace huddle::test

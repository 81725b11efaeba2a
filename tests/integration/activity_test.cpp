// Polls and confusion cards through the real server on loopback: a hundred voters converge on one tally,
// and an anonymity search over every frame, the journal, the logs and the report (JSON and CSV) finds no
// link between a person and what they wrote anonymously.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "hub/secrets.hpp"
#include "store/event_json.hpp"
#include "log_capture.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

struct Room {
  std::unique_ptr<WsTestClient> console;
  std::string code;
  std::string key;
};

Room open_room(const TestServer& server) {
  Room room{std::make_unique<WsTestClient>(server.port()), "", ""};
  room.console->hello();
  auto created = room.console->request({{"type", "session.create"}, {"scenario", "activities"}});
  EXPECT_EQ(created["type"], "ack") << created.dump();
  room.code = created["result"]["code"];
  room.key = created["result"]["facilitatorKey"];
  return room;
}

json join(WsTestClient& client, const std::string& code, const std::string& name) {
  client.hello();
  auto joined = client.request({{"type", "join"}, {"code", code}, {"name", name}});
  EXPECT_EQ(joined["type"], "ack") << joined.dump();
  return joined["result"];
}

void go_to(Room& room, int phase) {
  auto moved = room.console->request({{"type", "phase.goto"}, {"index", phase}});
  ASSERT_EQ(moved["type"], "ack") << moved.dump();
}

TEST(Activities, AHundredVotersAllSeeTheSameFinalTally) {
  TestServer server;
  Room room = open_room(server);
  std::vector<std::unique_ptr<WsTestClient>> voters;
  for (int i = 0; i < 100; ++i) {
    voters.push_back(std::make_unique<WsTestClient>(server.port()));
    join(*voters.back(), room.code, "Voter " + std::to_string(i));
  }
  go_to(room, 1);  // live results
  for (int i = 0; i < 100; ++i) {
    auto& v = *voters[static_cast<std::size_t>(i)];
    if (i % 10 == 0) {  // some change their mind first
      ASSERT_EQ(v.request({{"type", "poll.vote"}, {"pollId", "poll-1"}, {"vote", {{"choice", 3}}}})["type"], "ack");
    }
    json vote = {{"type", "poll.vote"}, {"id", "v-" + std::to_string(i)}, {"pollId", "poll-1"}, {"vote", {{"choice", i % 4}}}};
    v.send(vote);
    v.send(vote);  // a resend of the very same request must not count twice
    for (int replies = 0; replies < 2;) {
      if (v.read()["type"] == "ack") ++replies;
    }
  }
  const json expected = room.console->wait_topic("console", [](const json& d) {
    return !d["poll"].is_null() && d["poll"]["results"]["voters"] == 100;
  })["poll"]["results"];
  for (int option = 0; option < 4; ++option) EXPECT_EQ(expected["options"][option]["count"], 25) << option;
  for (auto& v : voters) {
    const json seen = v->wait_topic("activity", [](const json& d) {
      return !d["poll"].is_null() && d["poll"]["voterCount"] == 100;
    });
    EXPECT_EQ(seen["poll"]["results"], expected);
  }
}

// Who someone is, and what they wrote anonymously.
struct Person {
  std::unique_ptr<WsTestClient> client;
  std::vector<std::string> identity;  // name, participant id, resume token, its hash
  std::vector<std::string> anonymous;  // their open answer and their card
};

// One place where a link would be a leak: a frame, a journal entry or a log line.
struct Record {
  std::string where;
  std::string text;
};

TEST(Activities, NothingLinksAPersonToTheirAnonymousAnswersOrCards) {
  LogCapture log;

  std::vector<Record> records;
  std::vector<Person> people;
  {
    TestServer server;
    Room room = open_room(server);
    const char* names[] = {"Quinby Arkwright", "Marisol Thistlewood", "Ondrej Pelikan", "Yusra Faraway", "Tobiah Quell"};
    for (int i = 0; i < 5; ++i) {
      Person p{std::make_unique<WsTestClient>(server.port()), {}, {}};
      const json joined = join(*p.client, room.code, names[i]);
      const std::string token = joined["resumeToken"];
      p.identity = {names[i], joined["participantId"], token, hub::sha256_hex(token)};
      p.anonymous = {"Honest answer zq" + std::to_string(i) + "x: I avoid hard talks",
                     "Confusion card vk" + std::to_string(i) + "w: how do I say no to my old peers?"};
      people.push_back(std::move(p));
    }

    go_to(room, 2);  // anonymous open-text poll, results hidden
    for (auto& p : people) {
      auto reply = p.client->request({{"type", "poll.vote"}, {"pollId", "poll-2"}, {"vote", {{"text", p.anonymous[0]}}}});
      ASSERT_EQ(reply["type"], "ack") << reply.dump();
    }
    ASSERT_EQ(room.console->request({{"type", "poll.control"}, {"pollId", "poll-2"}, {"action", "reveal"}})["type"], "ack");

    go_to(room, 3);  // cards, K = 3
    for (auto& p : people) {
      auto reply = p.client->request({{"type", "card.submit"}, {"text", p.anonymous[1]}});
      ASSERT_EQ(reply["type"], "ack") << reply.dump();
    }
    const json board = people[0].client->wait_topic("activity", [](const json& d) {
      return !d["board"].is_null() && d["board"]["cards"].size() + d["board"]["waiting"].get<std::size_t>() == 5 &&
             d["board"]["cards"].size() >= 3;
    })["board"];
    for (std::size_t i = 0; i < people.size(); ++i) {
      const std::string card = board["cards"][i % board["cards"].size()]["id"];
      ASSERT_EQ(people[i].client->request({{"type", "card.vote"}, {"cardId", card}, {"vote", true}})["type"], "ack");
    }
    // Everyone reads until they have seen the revealed answers and the released board.
    for (auto& p : people) {
      p.client->wait_topic("activity", [](const json& d) { return !d["board"].is_null() && d["board"]["cards"].size() >= 3; });
    }
    room.console->wait_topic("console", [](const json& d) { return !d["board"].is_null() && d["board"]["cards"].size() >= 3; });

    for (std::size_t i = 0; i < people.size(); ++i) {
      for (const auto& f : people[i].client->transcript) records.push_back({"a frame to participant " + std::to_string(i), f});
    }
    for (const auto& f : room.console->transcript) records.push_back({"a frame to the facilitator", f});
    for (const auto& e : server.journal().read(room.code)) records.push_back({"the journal", store::event_to_json(e).dump()});
    // The exports: the report as JSON and as CSV, row by row (a row is what a spreadsheet shows together).
    const std::string target = "/api/sessions/" + room.code + "/report";
    auto report = http_get(server.port(), target, {{"X-Facilitator-Key", room.key}});
    ASSERT_EQ(report.status, 200);
    auto report_json = json::parse(report.body);
    for (const char* part : {"polls", "boards", "participation", "agenda"}) {
      records.push_back({"the report's " + std::string(part), report_json[part].dump()});
    }
    for (const auto& p : report_json["attendance"]["participants"]) records.push_back({"the report's attendance", p.dump()});
    auto csv = http_get(server.port(), target + "?format=csv", {{"X-Facilitator-Key", room.key}});
    ASSERT_EQ(csv.status, 200);
    std::istringstream rows(csv.body);
    for (std::string row; std::getline(rows, row);) records.push_back({"a row of the CSV report", row});
  }
  std::istringstream lines(log.stop());
  for (std::string line; std::getline(lines, line);) records.push_back({"the log", line});

  // The content did reach the places it should: otherwise the search below would prove nothing.
  auto found_anywhere = [&](const std::string& needle) {
    return std::any_of(records.begin(), records.end(), [&](const Record& r) { return r.text.find(needle) != std::string::npos; });
  };
  for (const auto& p : people) {
    for (const auto& content : p.anonymous) EXPECT_TRUE(found_anywhere(content)) << content;
    EXPECT_TRUE(found_anywhere(p.identity[0]));
  }
  ASSERT_GT(records.size(), 100u);

  for (const auto& p : people) {
    for (const auto& r : records) {
      bool names_them = false;
      for (const auto& id : p.identity) names_them |= r.text.find(id) != std::string::npos;
      if (!names_them) continue;
      for (const auto& content : p.anonymous) {
        EXPECT_EQ(r.text.find(content), std::string::npos)
            << r.where << " links " << p.identity[0] << " to \"" << content << "\": " << r.text.substr(0, 400);
      }
    }
  }
  // And the one secret that could recompute an anonymous key is never stored or logged.
  for (const auto& p : people) {
    for (const auto& r : records) {
      if (r.where == "the journal" || r.where == "the log") {
        EXPECT_EQ(r.text.find(p.identity[2]), std::string::npos) << r.where << " holds a resume token";
      }
    }
  }
}

}  // namespace
}  // namespace huddle::test

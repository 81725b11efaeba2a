// Polls and confusion cards through the real server on loopback: a hundred voters converge on one tally,
// and an anonymity search over every frame, the journal, the logs and the report (JSON and CSV) finds no
// link between a person and what they wrote anonymously.
#include <map>
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

// From 100 people on, board changes come as patches (PROTOCOL.md, "patch"). Here everyone reads only when they
// act, through a 16 KiB send buffer: the facilitator's phase changes fill their queues at the server, so when the
// "me too"s come, an older push of the board still waits for each of them. A patch must then give way to the
// whole push, or the client would patch a version it never got (WsTestClient fails on that). Everyone ends with
// the board the facilitator sees.
TEST(Activities, AHundredAndTenPeopleWhoStopReadingEndWithTheSameBoardWhenPatchesMeetQueuedPushes) {
  TestServer server([](net::ServerOptions& o) {
    o.rate_limit_per_second = 0;
    o.stuck_timeout = std::chrono::seconds(120);  // they stop reading on purpose, for a while
    o.socket_send_buffer = 16 * 1024;  // so pushes wait in Huddle's queue after a few, not after megabytes
  });
  Room room = open_room(server);
  std::vector<std::unique_ptr<WsTestClient>> people;
  for (int i = 0; i < 110; ++i) {
    people.push_back(std::make_unique<WsTestClient>(server.port()));
    join(*people.back(), room.code, "Person " + std::to_string(i));
  }
  go_to(room, 3);  // the cards
  for (int i = 0; i < 12; ++i) {
    const std::string text = "Card " + std::to_string(i) + ": " + std::string(250, static_cast<char>('a' + i));
    ASSERT_EQ(people[static_cast<std::size_t>(i)]->request({{"type", "card.submit"}, {"text", text}})["type"], "ack");
  }
  // Twelve writers, three at a time (K = 3): every card is out.
  const json released = people.back()->wait_topic("activity", [](const json& d) { return d["board"].is_object() && d["board"]["cards"].size() == 12; });
  auto queued_bytes = [&] {
    const auto body = http_get(server.port(), "/metrics").body;
    const auto at = body.find("\nhuddle_send_queue_bytes ");
    return at == std::string::npos ? 0LL : std::stoll(body.substr(at + 25));
  };
  // Back and forth between the poll and the board until pushes wait in the server's queues (the kernel's
  // buffers are full), ending on the board.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int moves = 0;
  while (std::chrono::steady_clock::now() < give_up && (moves < 4 || queued_bytes() < 110 * 1024)) {
    go_to(room, 1);
    go_to(room, 3);
    moves += 2;
  }
  ASSERT_GE(queued_bytes(), 110 * 1024) << "after " << moves << " phase changes";
  for (std::size_t i = 0; i < people.size(); ++i) {
    const std::string card = released["board"]["cards"][i % 7 == 0 ? 11 : i % 12]["id"];
    // The ack goes ahead of the pushes waiting for this person (replies are never queued behind pushes).
    ASSERT_EQ(people[i]->request({{"type", "card.vote"}, {"cardId", card}, {"vote", true}})["type"], "ack");
  }
  auto votes = [](const json& board) {
    std::map<std::string, int> out;
    if (!board.is_object()) return out;
    for (const auto& c : board["cards"]) out[c["id"]] = c["votes"];
    return out;
  };
  auto total = [&](const json& board) {
    int sum = 0;
    for (const auto& [id, n] : votes(board)) sum += n;
    return sum;
  };
  const json facilitator = room.console->wait_topic("console", [&](const json& d) { return total(d["board"]) == 110; })["board"];
  for (auto& p : people) {
    const json seen = p->wait_topic("activity", [&](const json& d) { return total(d["board"]) == 110; });
    EXPECT_EQ(votes(seen["board"]), votes(facilitator));
  }
  const auto metrics = http_get(server.port(), "/metrics").body;
  const auto at = metrics.find("\nhuddle_frames_coalesced_total ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GT(std::stoll(metrics.substr(at + 31)), 0) << "pushes were replaced while they waited";
}

TEST(Activities, AHundredAndTenPeopleReadingAlongGetTheNewCountsAsPatches) {
  TestServer server([](net::ServerOptions& o) { o.rate_limit_per_second = 0; });
  Room room = open_room(server);
  std::vector<std::unique_ptr<WsTestClient>> people;
  for (int i = 0; i < 110; ++i) {
    people.push_back(std::make_unique<WsTestClient>(server.port()));
    join(*people.back(), room.code, "Person " + std::to_string(i));
  }
  go_to(room, 3);
  for (int i = 0; i < 12; ++i) {
    const std::string text = "Card " + std::to_string(i) + ": " + std::string(200, static_cast<char>('a' + i));
    ASSERT_EQ(people[static_cast<std::size_t>(i)]->request({{"type", "card.submit"}, {"text", text}})["type"], "ack");
  }
  const json released = people.back()->wait_topic("activity", [](const json& d) { return d["board"].is_object() && d["board"]["cards"].size() == 12; });
  for (std::size_t i = 0; i < people.size(); ++i) {
    const std::string card = released["board"]["cards"][i % 12]["id"];
    ASSERT_EQ(people[i]->request({{"type", "card.vote"}, {"cardId", card}, {"vote", true}})["type"], "ack");
  }
  std::size_t patches = 0, bytes_patched = 0;
  for (auto& p : people) {
    p->wait_topic("activity", [](const json& d) {
      int sum = 0;
      for (const auto& c : d["board"]["cards"]) sum += c["votes"].get<int>();
      return sum == 110;
    });
    for (const auto& frame : p->transcript) {
      if (frame.find("\"type\":\"patch\"") == std::string::npos) continue;
      ++patches;
      bytes_patched += frame.size();
    }
  }
  EXPECT_GT(patches, people.size()) << "the counts came as patches";
  EXPECT_LT(bytes_patched / patches * 4, released.dump().size()) << "each far smaller than the board";
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

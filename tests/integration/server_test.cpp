// The real server on a loopback port, driven over real sockets the way browsers drive it.
#include <memory>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "integration/test_server.hpp"
#include "integration/ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

struct Facilitated {
  std::unique_ptr<WsTestClient> console;
  std::string code;
  std::string key;
};

Facilitated create_session(const TestServer& server) {
  Facilitated f{std::make_unique<WsTestClient>(server.port()), "", ""};
  EXPECT_EQ(f.console->hello()["type"], "ack");
  auto reply = f.console->request({{"type", "session.create"}, {"scenario", "demo"}});
  EXPECT_EQ(reply["type"], "ack") << reply.dump();
  f.code = reply["result"]["code"];
  f.key = reply["result"]["facilitatorKey"];
  return f;
}

json join(WsTestClient& client, const std::string& code, const std::string& name) {
  client.hello();
  return client.request({{"type", "join"}, {"code", code}, {"name", name}});
}

TEST(Server, FiftyParticipantsJoinAndEveryoneSeesTheSameRoster) {
  TestServer server;
  auto session = create_session(server);
  std::vector<std::unique_ptr<WsTestClient>> people;
  for (int i = 0; i < 50; ++i) {
    people.push_back(std::make_unique<WsTestClient>(server.port()));
    auto reply = join(*people.back(), session.code, "Person " + std::to_string(i));
    ASSERT_EQ(reply["type"], "ack") << reply.dump();
  }
  auto everyone_online = [](const json& data) {
    if (data["participants"].size() != 50) return false;
    for (const auto& p : data["participants"]) {
      if (p["presence"] != "online") return false;
    }
    return true;
  };
  auto final_roster = session.console->wait_topic("roster", everyone_online);
  for (auto& person : people) EXPECT_EQ(person->wait_topic("roster", everyone_online), final_roster);
  EXPECT_EQ(session.console->wait_topic("session", [](const json& d) { return d["onlineCount"] == 50; })["participantCount"], 50);
}

TEST(Server, AReconnectWithTheResumeTokenRestoresTheSameIdentity) {
  TestServer server;
  auto session = create_session(server);
  auto dana = std::make_unique<WsTestClient>(server.port());
  auto joined = join(*dana, session.code, "Dana");
  const std::string token = joined["result"]["resumeToken"];
  const std::string id = joined["result"]["participantId"];
  session.console->wait_topic("roster", [](const json& d) { return d["participants"].size() == 1 && d["participants"][0]["presence"] == "online"; });

  dana->close();  // a Wi-Fi blip
  dana.reset();
  session.console->wait_topic("roster", [](const json& d) { return d["participants"][0]["presence"] == "away"; });

  WsTestClient again(server.port());
  again.hello();
  auto resumed = again.request({{"type", "resume"}, {"code", session.code}, {"resumeToken", token}});
  ASSERT_EQ(resumed["type"], "ack") << resumed.dump();
  EXPECT_EQ(resumed["result"]["participantId"], id);
  EXPECT_EQ(resumed["result"]["name"], "Dana");
  EXPECT_TRUE(again.wait_topic("me", [](const json&) { return true; }).contains("meToo"));
  auto roster = session.console->wait_topic("roster", [](const json& d) { return d["participants"][0]["presence"] == "online"; });
  EXPECT_EQ(roster["participants"].size(), 1u);
}

TEST(Server, AFacilitatorConsoleReattachesWithItsKey) {
  TestServer server;
  auto session = create_session(server);
  session.console->close();
  WsTestClient console(server.port());
  console.hello();
  auto wrong = console.request({{"type", "facilitator.attach"}, {"code", session.code}, {"facilitatorKey", "guess"}});
  EXPECT_EQ(wrong["code"], "token_invalid");
  auto right = console.request({{"type", "facilitator.attach"}, {"code", session.code}, {"facilitatorKey", session.key}});
  ASSERT_EQ(right["type"], "ack");
  EXPECT_EQ(console.wait_topic("facilitator", [](const json&) { return true; })["agenda"][0]["notes"], "Greet people");
  EXPECT_EQ(console.request({{"type", "phase.next"}})["result"]["phase"], 0);
}

TEST(Server, AParticipantsFacilitatorCommandsAreRefusedAndChangeNothing) {
  TestServer server;
  auto session = create_session(server);
  WsTestClient dana(server.port());
  join(dana, session.code, "Dana");
  const auto before = dana.wait_topic("session", [](const json&) { return true; });
  for (json command : {json{{"type", "phase.next"}}, json{{"type", "phase.back"}}, json{{"type", "phase.goto"}, {"index", 1}},
                       json{{"type", "participant.remove"}, {"participantId", "p-x"}}, json{{"type", "session.end"}}}) {
    auto reply = dana.request(command);
    EXPECT_EQ(reply["code"], "forbidden") << command.dump();
  }
  // A facilitator change goes through after the refusals, and is the first change anyone sees.
  session.console->request({{"type", "phase.next"}});
  auto after = dana.wait_topic("session", [](const json& d) { return !d["phase"].is_null(); });
  EXPECT_EQ(after["phase"]["index"], 0);
  EXPECT_EQ(before["status"], "lobby");
}

TEST(Server, ATimedPhaseWarnsRunsOutAndAdvancesByItself) {
  TestServer server;
  auto session = create_session(server);
  WsTestClient dana(server.port());
  join(dana, session.code, "Dana");
  ASSERT_EQ(session.console->request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  bool warned = false;
  json deadline;
  dana.wait_for([&](const json& f) {
    if (f["type"] != "state" || f["topic"] != "session" || f["data"]["phase"].is_null()) return false;
    const auto& phase = f["data"]["phase"];
    if (phase["index"] == 1 && !phase["timer"].is_null()) {
      deadline = phase["timer"]["deadline"];
      warned = warned || phase["timer"]["endingSoon"] == true;
    }
    return phase["index"] == 2;  // moved on with nobody pressing a button
  });
  EXPECT_TRUE(warned) << "no 'time is almost up' push before the phase ended";
  EXPECT_EQ(deadline.get<std::int64_t>() - dana.latest["session"]["phase"]["startedAt"].get<std::int64_t>(), 0)
      << "the next phase starts exactly at the previous deadline";
}

TEST(Server, MalformedAndUnknownMessagesGetClearErrorsAndTheConnectionLives) {
  TestServer server;
  WsTestClient client(server.port());
  client.send_text("{not json");
  auto bad = client.read();
  EXPECT_EQ(bad["code"], "bad_request");
  EXPECT_TRUE(bad["id"].is_null());
  client.send(json{{"type", "hello"}, {"id", "h"}, {"protocol", 1}});
  EXPECT_EQ(client.read()["type"], "ack");
  auto unknown = client.request({{"type", "poll.vote.twice"}});
  EXPECT_EQ(unknown["code"], "unknown_type");
  auto wrong_field = client.request({{"type", "join"}, {"code", 12}, {"name", "x"}});
  EXPECT_EQ(wrong_field["code"], "invalid_field");
  EXPECT_EQ(client.request({{"type", "join"}, {"code", "ZZZZZZ"}, {"name", "x"}})["code"], "session_not_found");
}

TEST(Server, RequestsBeforeHelloAreRefused) {
  TestServer server;
  WsTestClient client(server.port());
  EXPECT_EQ(client.request({{"type", "join"}, {"code", "ABCDEF"}, {"name", "x"}})["code"], "hello_required");
  EXPECT_EQ(client.request({{"type", "hello"}, {"protocol", 99}})["code"], "unsupported_protocol");
}

TEST(Server, AnOversizedFrameClosesTheConnectionWith1009) {
  TestServer server;
  WsTestClient client(server.port());
  client.hello();
  client.send_text(std::string(70 * 1024, ' '));
  EXPECT_EQ(client.read_close_code(), 1009) << client.last_error;
  // Others are unaffected.
  WsTestClient other(server.port());
  EXPECT_EQ(other.hello()["type"], "ack");
}

TEST(Server, AClientThatStopsReadingIsDisconnectedAndOthersCarryOn) {
  TestServer server([](net::ServerOptions& o) {
    o.stuck_timeout = std::chrono::seconds(1);
    o.rate_limit_per_second = 0;  // the console below pushes as fast as it can, on purpose
  });
  auto session = create_session(server);
  WsTestClient reader(server.port());
  join(reader, session.code, "Reader");
  WsTestClient stuck(server.port(), "", 4096);
  join(stuck, session.code, "Stuck");  // and from here on it never reads again

  auto slow_consumers_closed = [&] {
    const auto body = http_get(server.port(), "/metrics").body;
    const auto at = body.find("\nhuddle_slow_consumers_closed_total ");
    return at == std::string::npos ? -1 : std::stoi(body.substr(at + 36));
  };
  // Push until the server gives up on the stuck client. The policy needs a write pending for longer than
  // the stuck timeout, so the bound is time (well past the 1 s timeout), not a count of pushes, which a fast
  // machine gets through before the timeout is due.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  long pushes = 0;
  for (; std::chrono::steady_clock::now() < give_up && slow_consumers_closed() == 0; pushes += 100) {
    for (int i = 0; i < 100; ++i) {
      ASSERT_EQ(session.console->request({{"type", "phase.goto"}, {"index", (pushes + i) % 3 == 1 ? 2 : 0}})["type"], "ack");
    }
  }
  ASSERT_EQ(slow_consumers_closed(), 1) << "after " << pushes << " pushes";
  // The stuck participant is now away; the reader saw every change up to the last and is still connected.
  session.console->wait_topic("roster", [](const json& d) {
    for (const auto& p : d["participants"]) {
      if (p["name"] == "Stuck") return p["presence"] == "away";
    }
    return false;
  });
  ASSERT_EQ(session.console->request({{"type", "phase.goto"}, {"index", 0}})["type"], "ack");
  ASSERT_EQ(session.console->request({{"type", "phase.goto"}, {"index", 2}})["type"], "ack");
  auto last = reader.wait_for([](const json& f) {
    return f["type"] == "state" && f["topic"] == "session" && !f["data"]["phase"].is_null() &&
           f["data"]["phase"]["index"] == 2 && f["data"]["phase"]["title"] == "Questions";
  });
  EXPECT_EQ(last["data"]["participantCount"], 2);
  // Memory stayed flat: the queues hold at most one frame per topic per connection.
  const auto body = http_get(server.port(), "/metrics").body;
  const auto at = body.find("\nhuddle_send_queue_bytes ");
  EXPECT_LT(std::stoll(body.substr(at + 25)), 64 * 1024);
}

TEST(Server, ACrossOriginUpgradeIsRefusedWith403) {
  TestServer server([](net::ServerOptions& o) { o.allowed_origins = {"https://workshop.example.org"}; });
  EXPECT_EQ(upgrade_status(server.port(), "https://evil.example.com"), 403);
  EXPECT_EQ(upgrade_status(server.port(), "http://127.0.0.1:" + std::to_string(server.port())), 101);
  EXPECT_EQ(upgrade_status(server.port(), "https://workshop.example.org"), 101);
}

TEST(Server, ShutdownClosesWebSocketsWith1001) {
  TestServer server;
  WsTestClient client(server.port());
  client.hello();
  server.stop();
  EXPECT_EQ(client.read_close_code(), 1001);
}

TEST(Server, ASlowHandshakeIsCutOff) {
  TestServer server([](net::ServerOptions& o) { o.handshake_timeout = std::chrono::seconds(1); });
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  boost::asio::write(socket, boost::asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n")));  // and never finish
  char byte;
  boost::system::error_code ec;
  socket.read_some(boost::asio::buffer(&byte, 1), ec);  // returns when the server hangs up
  EXPECT_EQ(ec, boost::asio::error::eof);
}

TEST(Server, TheConnectionCapRefusesExtraConnections) {
  TestServer server([](net::ServerOptions& o) { o.max_connections = 2; });
  WsTestClient a(server.port()), b(server.port());
  EXPECT_THROW(WsTestClient c(server.port()), boost::system::system_error);
  a.close();
  EXPECT_EQ(b.hello()["type"], "ack");
}

TEST(Http, ServesTheWebClientWithSecurityAndCacheHeaders) {
  TestServer server;
  auto page = http_get(server.port(), "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(page.headers["content-security-policy"].find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(page.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(page.headers["cache-control"], "no-cache");
  ASSERT_FALSE(page.headers["etag"].empty());
  EXPECT_EQ(http_get(server.port(), "/", {{"If-None-Match", page.headers["etag"]}}).status, 304);
}

TEST(Http, RefusesPathTraversal) {
  TestServer server;
  for (const char* target : {"/../CMakeLists.txt", "/..%2fCMakeLists.txt", "/%2e%2e/%2e%2e/etc/passwd", "/../../../../etc/passwd"}) {
    auto reply = http_get(server.port(), target);
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_EQ(reply.body.find("cmake_minimum_required"), std::string::npos);
    EXPECT_EQ(reply.body.find("root:"), std::string::npos);
  }
}

TEST(Http, HealthMetricsAndScenarioList) {
  TestServer server;
  auto health = http_get(server.port(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body)["status"], "ok");

  auto session = create_session(server);
  auto metrics = http_get(server.port(), "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.headers["content-type"].find("text/plain"), std::string::npos);
  for (const char* name : {"huddle_connections_open 1", "huddle_sessions_active 1", "huddle_messages_in_total",
                           "huddle_messages_out_total", "huddle_frames_coalesced_total", "huddle_frames_dropped_total",
                           "huddle_send_queue_bytes"}) {
    EXPECT_NE(metrics.body.find(name), std::string::npos) << name;
  }
  auto list = json::parse(http_get(server.port(), "/api/scenarios").body);
  ASSERT_EQ(list["scenarios"].size(), 2u);  // the test server's "activities" and "demo"
  const auto demo = std::find_if(list["scenarios"].begin(), list["scenarios"].end(),
                                 [](const json& s) { return s["id"] == "demo"; });
  ASSERT_NE(demo, list["scenarios"].end());
  EXPECT_EQ((*demo)["phaseCount"], 3);
  EXPECT_EQ(http_get(server.port(), "/api/nothing").status, 404);
}

}  // namespace
}  // namespace huddle::test

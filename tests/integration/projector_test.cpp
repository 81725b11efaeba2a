// The projector over real sockets: the facilitator's projector code opens the projector view on another
// connection (the room's PC), which is pushed only the public topics and may change nothing; a wrong code is a
// charged miss like a wrong key; the code survives a restart; the join link's QR code comes from GET
// /api/sessions/{code}/qr.svg, for this server's join links only.
#include <fstream>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "data_folder.hpp"
#include "store/sqlite_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

struct Console {
  std::string code;
  std::string key;
};

Console create(WsTestClient& console) {
  console.hello();
  const json created = console.request({{"type", "session.create"}, {"scenario", "activities"}});
  return {created["result"]["code"], created["result"]["facilitatorKey"]};
}

// The first example request of every request type in PROTOCOL.md, by type.
std::map<std::string, json> documented_requests() {
  const char* source = std::getenv("HUDDLE_SOURCE_DIR");
  std::ifstream in(std::filesystem::path(source ? source : ".") / "protocol" / "PROTOCOL.md");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::map<std::string, json> out;
  const std::regex block("```json\\n(\\{\"type\": \"[a-z.]+\"[^\\n]*\\})\\n```");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), block); it != std::sregex_iterator(); ++it) {
    const json j = json::parse((*it)[1].str());
    const std::string type = j["type"];
    if (type != "ack" && type != "error" && type != "state" && type != "patch" && !out.contains(type)) out[type] = j;
  }
  return out;
}

TEST(Projector, TheProjectorCodeOpensTheWallViewThatSeesOnlyPublicTopicsAndChangesNothing) {
  TestServer server;
  WsTestClient console(server.port());
  const Console session = create(console);
  const json link = console.request({{"type", "projector.link"}});
  ASSERT_EQ(link["type"], "ack") << link.dump();
  const std::string projector_code = link["result"]["projectorCode"];
  EXPECT_EQ(link["result"]["code"], session.code);
  EXPECT_TRUE(std::regex_match(projector_code, std::regex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"))) << projector_code;
  EXPECT_EQ(console.request({{"type", "projector.link"}})["result"]["projectorCode"], projector_code)
      << "the same code every time, so a console reload does not cut off the room's screen";

  WsTestClient dana(server.port());
  dana.hello();
  ASSERT_EQ(dana.request({{"type", "join"}, {"code", session.code}, {"name", "Dana"}})["type"], "ack");
  EXPECT_EQ(dana.request({{"type", "projector.link"}})["code"], "forbidden") << "a participant gets no projector code";

  // Typed on the room's PC, in lower case with spaces: still the code.
  WsTestClient wall(server.port(), "", 0, "127.0.2.1");
  wall.hello();
  std::string typed = projector_code;
  for (auto& c : typed) c = c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const json attached = wall.request({{"type", "projector.attach"}, {"code", session.code}, {"projectorCode", typed}});
  ASSERT_EQ(attached["type"], "ack") << attached.dump();
  EXPECT_EQ(attached["result"]["code"], session.code);
  wall.wait_topic("session", [](const json&) { return true; });
  wall.wait_topic("activity", [](const json&) { return true; });

  // Every request the protocol documents is refused, except asking for the topics again.
  const std::set<std::string> routed_before_the_session = {"hello", "session.create", "facilitator.attach", "join",
                                                           "resume", "pod.create", "projector.attach"};
  const auto requests = documented_requests();
  ASSERT_GT(requests.size(), 40u);
  ASSERT_TRUE(requests.contains("projector.link"));
  for (const auto& [type, request] : requests) {
    if (routed_before_the_session.contains(type)) continue;
    json sent = request;
    sent.erase("id");
    const json reply = wall.request(sent);
    if (type == "resync") {
      EXPECT_EQ(reply["type"], "ack") << reply.dump();
    } else {
      EXPECT_EQ(reply["code"], "forbidden") << type << ": " << reply.dump();
    }
  }
  EXPECT_EQ(wall.request({{"type", "facilitator.attach"}, {"code", session.code}, {"facilitatorKey", session.key}})["code"],
            "already_in_session")
      << "a projector connection cannot become the facilitator";

  // The facilitator moves on: the wall follows the session and the activity, and never gets a private topic.
  ASSERT_EQ(console.request({{"type", "phase.goto"}, {"index", 1}})["type"], "ack");
  EXPECT_EQ(wall.wait_topic("session", [](const json& d) { return d["phase"].is_object() && d["phase"]["index"] == 1; })["status"],
            "running");
  wall.wait_topic("activity", [](const json& d) { return d["poll"].is_object(); });
  for (const auto& frame : wall.transcript) {
    const json j = json::parse(frame);
    if (j["type"] == "state") {
      EXPECT_TRUE(j["topic"] == "session" || j["topic"] == "activity") << j["topic"];
    }
    EXPECT_EQ(frame.find(session.key), std::string::npos) << "the facilitator key never reaches the wall";
  }
  const json console_session = console.wait_topic("session", [](const json& d) { return d["phase"].is_object(); });
  EXPECT_EQ(console_session["phase"]["index"], 1) << "nothing the wall sent changed the session";
}

TEST(Projector, AWrongProjectorCodeIsAChargedMissAnsweredLikeACodeThatDoesNotExist) {
  TestServer server([](net::ServerOptions& o) {
    o.hub.wrong_codes_burst = 3;
    o.hub.wrong_codes_per_minute = 1;
  });
  WsTestClient console(server.port());
  const Console session = create(console);
  const std::string right = console.request({{"type", "projector.link"}})["result"]["projectorCode"];

  WsTestClient guesser(server.port(), "", 0, "127.0.3.1");
  guesser.hello();
  const json wrong = guesser.request({{"type", "projector.attach"}, {"code", session.code}, {"projectorCode", "AAAA-BBBB-CCCC"}});
  const json nowhere = guesser.request({{"type", "projector.attach"}, {"code", "ZZZZZZ"}, {"projectorCode", "AAAA-BBBB-CCCC"}});
  EXPECT_EQ(wrong["code"], "token_invalid");
  EXPECT_EQ(wrong["message"], nowhere["message"]) << "a wrong code says nothing about whether the session exists";
  EXPECT_EQ(guesser.request({{"type", "projector.attach"}, {"code", session.code}, {"projectorCode", "nonsense"}})["code"],
            "token_invalid");
  // Three misses spent the allowance: even the right code is refused now, as a wrong key would be.
  EXPECT_EQ(guesser.request({{"type", "projector.attach"}, {"code", session.code}, {"projectorCode", right}})["code"],
            "rate_limited");
  EXPECT_EQ(guesser.request({{"type", "facilitator.attach"}, {"code", session.code}, {"facilitatorKey", session.key}})["code"],
            "rate_limited")
      << "one allowance for keys, tokens and projector codes";
  WsTestClient elsewhere(server.port(), "", 0, "127.0.4.1");
  elsewhere.hello();
  EXPECT_EQ(elsewhere.request({{"type", "projector.attach"}, {"code", session.code}, {"projectorCode", right}})["type"], "ack");
}

TEST(Projector, TheProjectorCodeStillOpensTheSessionAfterARestart) {
  const DataFolder data;
  Console session;
  std::string projector_code;
  {
    store::SqliteJournal journal(data.journal(), store::Durability::full);
    TestServer server({}, &journal);
    WsTestClient console(server.port());
    session = create(console);
    projector_code = console.request({{"type", "projector.link"}})["result"]["projectorCode"];
  }
  store::SqliteJournal journal(data.journal(), store::Durability::full);
  TestServer server({}, &journal);
  WsTestClient wall(server.port());
  wall.hello();
  EXPECT_EQ(wall.request({{"type", "projector.attach"}, {"code", session.code}, {"projectorCode", projector_code}})["type"], "ack");
  WsTestClient console(server.port());
  console.hello();
  ASSERT_EQ(console.request({{"type", "facilitator.attach"}, {"code", session.code}, {"facilitatorKey", session.key}})["type"], "ack");
  EXPECT_EQ(console.request({{"type", "projector.link"}})["result"]["projectorCode"], projector_code);
}

TEST(Projector, APodHasNoProjectorCode) {
  TestServer server([](net::ServerOptions& o) {
    const char* source = std::getenv("HUDDLE_SOURCE_DIR");
    o.scenarios = std::filesystem::path(source ? source : ".") / "scenarios";
  });
  WsTestClient ana(server.port());
  ana.hello();
  const json created = ana.request({{"type", "pod.create"}, {"scenario", "pod-missed-deadline"}, {"name", "Ana"}});
  ASSERT_EQ(created["type"], "ack");
  EXPECT_EQ(ana.request({{"type", "projector.link"}})["code"], "forbidden");
}

TEST(Projector, TheJoinLinkQrCodeIsAnSvgOfThisServersJoinLinkOnly) {
  TestServer server;
  const std::string host = "127.0.0.1:" + std::to_string(server.port());
  const auto reply = http_get(server.port(), "/api/sessions/K7QX3M/qr.svg");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.headers.at("content-type"), "image/svg+xml");
  EXPECT_NE(reply.headers.at("cache-control").find("max-age="), std::string::npos);
  EXPECT_EQ(reply.body.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(reply.body.find("<title>http://" + host + "/?code=K7QX3M</title>"), std::string::npos) << reply.body.substr(0, 300);
  // A code in lower case is still the code; anything that is no join code is no join link.
  EXPECT_EQ(http_get(server.port(), "/api/sessions/k7qx3m/qr.svg").status, 200);
  for (const std::string code : {"K7QX3", "K7QX3MM", "hello%20world", "%3Cscript%3E", "K7Q0X3"}) {
    EXPECT_EQ(http_get(server.port(), "/api/sessions/" + code + "/qr.svg").status, 404) << code;
  }
  EXPECT_EQ(http_get(server.port(), "/api/sessions/K7QX3M/qr.svg", {{"Host", "evil.example/?x=<b>"}}).status, 400);
  EXPECT_EQ(http_get(server.port(), "/api/sessions/K7QX3M/qr.svg", {{"Host", std::string(300, 'a')}}).status, 400);
  const auto proxied = http_get(server.port(), "/api/sessions/K7QX3M/qr.svg", {{"X-Forwarded-Proto", "https"}});
  EXPECT_NE(proxied.body.find("<title>https://"), std::string::npos) << "behind a TLS proxy the link is https";
}

}  // namespace
}  // namespace huddle::test

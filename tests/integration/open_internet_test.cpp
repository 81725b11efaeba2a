// Safe on the open internet, tried as an attacker would from one ordinary machine, through real sockets: no
// endpoint tells a live join code from a dead one and every miss comes out of one budget; creating sessions
// cannot lock others out, and abandoned sessions end by themselves, also across a restart; connections that
// never say hello, trickle a frame or hoard partial messages are closed, and one network cannot hold the
// door; the Origin is compared whole, not with the Host header an attacker's page controls; /metrics is the
// operator's; request ids that JSON numbers cannot carry exactly are refused. Another network, another /24 of
// the loopback range (127.0.1.x, 127.0.2.x), plays the honest facilitator or participant.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "core/event.hpp"
#include "data_folder.hpp"
#include "store/sqlite_journal.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

struct Created {
  std::string code;
  std::string key;
};

Created create(WsTestClient& console, const std::string& scenario = "demo") {
  console.hello();
  const json reply = console.request({{"type", "session.create"}, {"scenario", scenario}});
  if (reply["type"] != "ack") throw std::runtime_error("session.create: " + reply.dump());
  return {reply["result"]["code"], reply["result"]["facilitatorKey"]};
}

// Sessions the server hosts now, as /healthz reports them.
int hosted(unsigned short port) { return json::parse(http_get(port, "/healthz").body)["sessions"].get<int>(); }

// For what the server does by itself (a sweep, a deadline): checks `done` until it holds or `limit` passes.
bool eventually(const std::function<bool()>& done, std::chrono::seconds limit = 20s) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < give_up) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);  // a pause between looks, not a wait for an outcome
  }
  return done();
}

json without_id(json reply) {
  reply.erase("id");
  return reply;
}

// --- 1. No join-code oracle -------------------------------------------------------------------------------

TEST(OpenInternet, AReportGuesserIsSlowedAndCannotTellALiveCodeFromADeadOne) {
  TestServer server;  // the defaults: 20 misses at once from one address, then 10 a minute
  WsTestClient console(server.port());
  const Created live = create(console);
  WsTestClient other_console(server.port());
  const Created ended = create(other_console);
  ASSERT_EQ(other_console.request({{"type", "session.end"}})["type"], "ack");  // kept for its report

  // A live code, an ended one (its report is kept) and codes that never existed, each with a guessed key.
  const std::vector<std::string> codes = {live.code, ended.code, "ZZZZZZ", "A2B3C4"};
  std::set<std::string> answers;
  for (int i = 0; i < 20; ++i) {
    auto reply = http_get(server.port(), "/api/sessions/" + codes[i % codes.size()] + "/report",
                                {{"X-Facilitator-Key", "guess-" + std::to_string(i)}});
    EXPECT_EQ(reply.status, 404) << codes[i % codes.size()];
    answers.insert(std::to_string(reply.status) + " " + reply.headers["content-type"] + " " + reply.body);
  }
  EXPECT_EQ(answers.size(), 1u) << "live, ended and unknown codes must answer alike";

  // The budget is spent: every code is refused before anything is looked up, even with the right key.
  for (const auto& code : codes) {
    EXPECT_EQ(http_get(server.port(), "/api/sessions/" + code + "/report", {{"X-Facilitator-Key", "x"}}).status, 429);
  }
  EXPECT_EQ(http_get(server.port(), "/api/sessions/" + live.code + "/report", {{"X-Facilitator-Key", live.key}}).status, 429)
      << "while slowed, a right guess gets the same answer as a wrong one";

  // One budget for every endpoint: this address cannot go on guessing over the WebSocket instead.
  WsTestClient ws(server.port());
  ws.hello();
  EXPECT_EQ(ws.request({{"type", "join"}, {"code", "ZZZZZZ"}, {"name", "Guess"}})["code"], "rate_limited");
  EXPECT_EQ(ws.request({{"type", "facilitator.attach"}, {"code", live.code}, {"facilitatorKey", "x"}})["code"], "rate_limited");

  // Someone on another network is not held up, and the facilitator's own report opens for them.
  WsTestClient dana(server.port(), "", 0, "127.0.1.1");
  dana.hello();
  EXPECT_EQ(dana.request({{"type", "join"}, {"code", live.code}, {"name", "Dana"}})["type"], "ack");
}

TEST(OpenInternet, AWrongKeyOrTokenIsAnsweredExactlyAsACodeThatDoesNotExist) {
  TestServer server;
  WsTestClient console(server.port());
  const Created live = create(console);
  WsTestClient probe(server.port());
  probe.hello();

  const json wrong_key = probe.request({{"type", "facilitator.attach"}, {"code", live.code}, {"facilitatorKey", "guess"}});
  const json no_session = probe.request({{"type", "facilitator.attach"}, {"code", "ZZZZZZ"}, {"facilitatorKey", "guess"}});
  EXPECT_EQ(wrong_key["code"], "token_invalid");
  EXPECT_EQ(without_id(wrong_key), without_id(no_session));

  const json wrong_token = probe.request({{"type", "resume"}, {"code", live.code}, {"resumeToken", "guess"}});
  const json no_session_either = probe.request({{"type", "resume"}, {"code", "ZZZZZZ"}, {"resumeToken", "guess"}});
  EXPECT_EQ(wrong_token["code"], "token_invalid");
  EXPECT_EQ(without_id(wrong_token), without_id(no_session_either));
}

// --- 2. Creating sessions cannot lock others out ----------------------------------------------------------

TEST(OpenInternet, ACreationFloodIsRateLimitedWhileAnotherNetworkStillCreatesAlsoAfterARestart) {
  const DataFolder data;
  int created = 0, limited = 0;
  {
    store::SqliteJournal journal(data.journal(), store::Durability::full);
    TestServer server({}, &journal);  // the default: 10 new sessions a minute per address
    for (int i = 0; i < 40; ++i) {
      WsTestClient flood(server.port());  // a connection runs one session: a fresh one for each
      flood.hello();
      const json reply = flood.request({{"type", "session.create"}, {"scenario", "demo"}});
      if (reply["type"] == "ack") ++created;
      if (reply.value("code", "") == "rate_limited") ++limited;
    }
    EXPECT_LE(created, 10) << "a script creating as fast as it can is stopped after the documented burst";
    EXPECT_GE(limited, 30);

    WsTestClient honest(server.port(), "", 0, "127.0.1.1");
    EXPECT_NO_THROW(create(honest)) << "a facilitator on another network still starts a session";
  }
  // After a restart the flood's allowance does not come back as a fresh one for the honest, nor does the
  // flood's stock of sessions stop the honest facilitator.
  store::SqliteJournal journal(data.journal(), store::Durability::full);
  TestServer server({}, &journal);
  WsTestClient honest(server.port(), "", 0, "127.0.1.1");
  EXPECT_NO_THROW(create(honest));
}

TEST(OpenInternet, OneAddressCannotKeepMoreLiveSessionsThanItsShare) {
  TestServer server([](net::ServerOptions& o) {
    o.hub.max_sessions_per_address = 3;
    o.hub.creations_per_minute = 0;  // no pace: only the cap is under test
  });
  std::vector<std::unique_ptr<WsTestClient>> consoles;
  for (int i = 0; i < 3; ++i) {
    consoles.push_back(std::make_unique<WsTestClient>(server.port()));
    create(*consoles.back());
  }
  WsTestClient fourth(server.port());
  fourth.hello();
  const json refused = fourth.request({{"type", "session.create"}, {"scenario", "demo"}});
  EXPECT_EQ(refused["code"], "rate_limited") << refused.dump();
  EXPECT_NE(refused["message"].get<std::string>().find("End one of them"), std::string::npos) << refused.dump();
  ASSERT_EQ(consoles.front()->request({{"type", "session.end"}})["type"], "ack");
  EXPECT_EQ(fourth.request({{"type", "session.create"}, {"scenario", "demo"}})["type"], "ack")
      << "an ended session no longer counts";
}

TEST(OpenInternet, AbandonedSessionsEndByThemselvesAndARestartDoesNotBringThemBack) {
  const DataFolder data;
  Created abandoned, old, kept;
  auto quick_sweep = [](net::ServerOptions& o) {
    o.hub.abandoned_after_ms = 30 * 60'000;  // the default half hour
    o.hub.sweep_interval_ms = 50;
    o.hub.reconnect_grace_ms = 0;
  };
  {
    store::SqliteJournal journal(data.journal(), store::Durability::full);
    TestServer server(quick_sweep, &journal);
    WsTestClient a(server.port()), b(server.port()), c(server.port());
    abandoned = create(a);
    old = create(b);
    kept = create(c);
    WsTestClient dana(server.port());
    dana.hello();
    ASSERT_EQ(dana.request({{"type", "join"}, {"code", kept.code}, {"name", "Dana"}})["type"], "ack");
  }
  // `old` was created two hours before the server went down and nobody ever joined it; `abandoned` only
  // just now. (Its creation time is moved back in the journal, as if the server had been up all that time.)
  {
    store::SqliteJournal journal(data.journal(), store::Durability::full);
    ASSERT_FALSE(journal.rewrite(old.code, [](const std::vector<core::Event>& history) -> std::optional<std::vector<core::Event>> {
      auto edited = history;
      std::get<core::SessionCreated>(edited.front()).at -= 2 * 3'600'000;
      return edited;
    }));
  }
  store::SqliteJournal journal(data.journal(), store::Durability::full);
  TestServer server(quick_sweep, &journal);
  ASSERT_TRUE(eventually([&] { return hosted(server.port()) == 2; })) << "the old, never-joined session is gone at once";
  WsTestClient console(server.port());
  console.hello();
  EXPECT_EQ(console.request({{"type", "facilitator.attach"}, {"code", old.code}, {"facilitatorKey", old.key}})["code"],
            "token_invalid");
  EXPECT_EQ(console.request({{"type", "facilitator.attach"}, {"code", abandoned.code}, {"facilitatorKey", abandoned.key}})["type"],
            "ack")
      << "one abandoned only minutes ago gets its full half hour";
  EXPECT_EQ(http_get(server.port(), "/api/sessions/" + kept.code + "/report", {{"X-Facilitator-Key", kept.key}}).status, 200);
  EXPECT_FALSE(journal.contains(old.code)) << "an abandoned session is deleted, not kept";
}

TEST(OpenInternet, ASessionNobodyIsInEndsAfterTheIdleTimeAndKeepsItsReport) {
  TestServer server([](net::ServerOptions& o) {
    o.hub.idle_after_ms = 200;
    o.hub.sweep_interval_ms = 50;
  });
  Created session;
  {
    WsTestClient console(server.port());
    session = create(console);
    WsTestClient dana(server.port());
    dana.hello();
    ASSERT_EQ(dana.request({{"type", "join"}, {"code", session.code}, {"name", "Dana"}})["type"], "ack");
  }  // everyone goes
  ASSERT_TRUE(eventually([&] { return hosted(server.port()) == 0; }));
  const auto report = http_get(server.port(), "/api/sessions/" + session.code + "/report", {{"X-Facilitator-Key", session.key}});
  ASSERT_EQ(report.status, 200);
  EXPECT_EQ(json::parse(report.body)["status"], "ended");
}

// --- 4. Connections must earn their place ------------------------------------------------------------------

TEST(OpenInternet, SilentConnectionsAreClosedAndOneNetworkCannotHoldTheDoor) {
  TestServer server([](net::ServerOptions& o) {
    o.max_connections = 200;
    o.max_connections_per_network = 100;
    o.hello_timeout = 5s;
  });
  // 16 addresses of one network (127.0.2.0/24), each opening 20 connections that say nothing.
  std::vector<std::unique_ptr<WsTestClient>> silent;
  int refused = 0;
  for (int host = 2; host < 18; ++host) {
    for (int i = 0; i < 20; ++i) {
      try {
        silent.push_back(std::make_unique<WsTestClient>(server.port(), "", 0, "127.0.2." + std::to_string(host)));
      } catch (const std::exception&) {
        ++refused;
      }
    }
  }
  EXPECT_LE(silent.size(), 100u) << "one network holds at most its share";
  EXPECT_GE(refused, 220);

  // Meanwhile an honest participant on another network gets in, and the health check answers.
  WsTestClient console(server.port(), "", 0, "127.0.1.1");
  const Created session = create(console);
  WsTestClient dana(server.port(), "", 0, "127.0.3.1");
  dana.hello();
  EXPECT_EQ(dana.request({{"type", "join"}, {"code", session.code}, {"name", "Dana"}})["type"], "ack");
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200);

  // And the silent ones do not stay: no hello within the deadline, closed for policy.
  ASSERT_FALSE(silent.empty());
  EXPECT_EQ(silent.front()->read_close_code(), 1008) << silent.front()->last_error;
  EXPECT_EQ(silent.back()->read_close_code(), 1008) << silent.back()->last_error;
}

TEST(OpenInternet, AConnectionThatSaysHelloButJoinsNothingIsClosed) {
  TestServer server([](net::ServerOptions& o) { o.admission_timeout = 1s; });
  WsTestClient idler(server.port());
  idler.hello();
  EXPECT_EQ(idler.read_close_code(), 1008) << idler.last_error;
  WsTestClient console(server.port());
  create(console);
  WsTestClient participant(server.port());
  participant.hello();
  // Admitted connections are not held to the deadline: the console is still served after it.
  ASSERT_EQ(participant.read_close_code(), 1008);
  EXPECT_EQ(console.request({{"type", "resync"}})["type"], "ack");
}

TEST(OpenInternet, AFrameTrickledAByteAtATimeIsClosed) {
  TestServer server([](net::ServerOptions& o) { o.frame_timeout = 1s; });
  WsTestClient trickler(server.port());
  trickler.hello();
  // A masked text frame announcing 100 bytes, then one byte at a time, slower than anyone types on a
  // phone: the server stops waiting for the frame after frame_timeout, however busy the line keeps.
  trickler.send_raw(std::string("\x81\xE4\x01\x02\x03\x04", 6));
  try {
    for (int sent = 0; sent < 30; ++sent) {  // 30 of the 100 bytes over 3 s: still not a whole frame
      trickler.send_raw("x");
      std::this_thread::sleep_for(100ms);  // the trickle's own pace, not a wait for the outcome
    }
  } catch (const std::exception&) {
    // closed while trickling: that is the point
  }
  EXPECT_EQ(trickler.read_close_code(), 1008) << trickler.last_error;
}

TEST(OpenInternet, PartialMessagesShareOneBudgetAndThoseThatPassItAreClosed) {
  TestServer server([](net::ServerOptions& o) {
    o.max_partial_bytes_total = 64 * 1024;
    o.frame_timeout = 3s;
  });
  // Twelve connections each begin a 10 KiB message and never finish it: 120 KiB, past the server's budget.
  std::vector<std::unique_ptr<WsTestClient>> hoarders;
  for (int i = 0; i < 12; ++i) {
    hoarders.push_back(std::make_unique<WsTestClient>(server.port()));
    hoarders.back()->hello();
    try {
      hoarders.back()->send_fragment(std::string(10 * 1024, 'x'), false);
    } catch (const std::exception&) {
    }
  }
  int over_budget = 0, timed_out = 0;
  for (auto& hoarder : hoarders) {
    const int code = hoarder->read_close_code();
    if (code == 1013) ++over_budget;  // try again later: the server is holding all it will
    if (code == 1008) ++timed_out;    // held within the budget, until the message was overdue
  }
  EXPECT_GE(over_budget, 1) << "the connection that passed the budget was closed";
  EXPECT_GE(timed_out, 1) << "those within it were held, until their deadline";
  EXPECT_EQ(over_budget + timed_out, 12);
  WsTestClient after(server.port());
  EXPECT_EQ(after.hello()["type"], "ack") << "and the server carries on";
}

// --- 8. Origins compared whole ------------------------------------------------------------------------------

// The status of an upgrade sent with this Host and Origin, as a page on another site can make a browser
// send after pointing its own name at this server (DNS rebinding).
int upgrade_with(unsigned short port, const std::string& host, const std::string& origin) {
  namespace beast = boost::beast;
  boost::asio::io_context ioc;
  beast::websocket::stream<boost::asio::ip::tcp::socket> ws(ioc);
  ws.next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), port});
  ws.set_option(beast::websocket::stream_base::decorator(
      [origin](beast::websocket::request_type& req) { req.set(beast::http::field::origin, origin); }));
  beast::websocket::response_type res;
  beast::error_code ec;
  ws.handshake(res, host, "/ws", ec);
  return static_cast<int>(res.result_int());
}

TEST(OpenInternet, AnOriginThatOnlyMatchesTheHostHeaderIsRefused) {
  TestServer server;
  const std::string port = std::to_string(server.port());
  EXPECT_EQ(upgrade_with(server.port(), "attacker.example:" + port, "http://attacker.example:" + port), 403)
      << "a page at a rebound name is not this server's page";
  EXPECT_EQ(upgrade_with(server.port(), "127.0.0.1:" + port, "https://127.0.0.1:" + port), 403) << "another scheme";
  EXPECT_EQ(upgrade_with(server.port(), "127.0.0.1:" + port, "http://127.0.0.1:1"), 403) << "another port";
  EXPECT_EQ(upgrade_with(server.port(), "127.0.0.1:" + port, "http://127.0.0.1:" + port), 101);
  EXPECT_EQ(upgrade_with(server.port(), "localhost:" + port, "http://localhost:" + port), 101);
}

TEST(OpenInternet, APublicOriginIsTheOnlyPageThatMayConnect) {
  TestServer server([](net::ServerOptions& o) { o.public_origins = {"https://huddle.example.org"}; });
  const std::string port = std::to_string(server.port());
  EXPECT_EQ(upgrade_with(server.port(), "huddle.example.org", "https://huddle.example.org"), 101);
  EXPECT_EQ(upgrade_with(server.port(), "huddle.example.org", "http://huddle.example.org"), 403);
  EXPECT_EQ(upgrade_with(server.port(), "huddle.example.org.attacker.example", "https://huddle.example.org.attacker.example"), 403);
}

TEST(OpenInternet, MetricsNeedTheTokenWhenOneIsSet) {
  TestServer server([](net::ServerOptions& o) { o.metrics_token = "operator-secret-0123456789"; });
  EXPECT_EQ(http_get(server.port(), "/metrics").status, 403) << "not even from this machine without it";
  EXPECT_EQ(http_get(server.port(), "/metrics", {{"Authorization", "Bearer wrong"}}).status, 403);
  const auto allowed = http_get(server.port(), "/metrics", {{"Authorization", "Bearer operator-secret-0123456789"}});
  EXPECT_EQ(allowed.status, 200);
  EXPECT_NE(allowed.body.find("huddle_connections_open"), std::string::npos);
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200) << "the health check stays public";
}

// --- 9. Request ids ------------------------------------------------------------------------------------------

TEST(OpenInternet, ARequestIdBeyondWhatJsonNumbersCarryExactlyIsRefusedNotEchoedAltered) {
  TestServer server;
  WsTestClient client(server.port());
  client.hello();
  client.send_text(R"({"type": "resync", "id": 9007199254740993})");  // 2^53 + 1
  const json refused = client.wait_for([](const json& f) { return f["type"] == "error"; });
  EXPECT_EQ(refused["code"], "bad_request") << refused.dump();
  EXPECT_TRUE(!refused.contains("id") || refused["id"].is_null()) << "an altered id would answer another request";
  client.send_text(R"({"type": "resync", "id": -18446744073709551615})");
  EXPECT_EQ(client.wait_for([](const json& f) { return f["type"] == "error"; })["code"], "bad_request");
  client.send_text(R"({"type": "resync", "id": 9007199254740991})");  // 2^53 - 1 is fine
  const json answered = client.wait_for([](const json& f) { return f["type"] == "ack" || f["type"] == "error"; });
  EXPECT_EQ(answered["id"], 9007199254740991LL) << answered.dump();
}

}  // namespace
}  // namespace huddle::test

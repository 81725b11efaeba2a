// Facilitator keys and resume tokens open a session: they must never reach a log, even at trace level, and
// never travel in a URL (which proxies and access logs keep). Here a session runs through every path that
// handles them (create, attach, join, resume, a wrong key, a report), then the log is searched.
#include <gtest/gtest.h>

#include "log_capture.hpp"
#include "test_server.hpp"
#include "ws_test_client.hpp"

namespace huddle::test {
namespace {

using json = nlohmann::json;

TEST(Secrets, NoKeyOrTokenEverReachesTheLogEvenAtTrace) {
  LogCapture log;
  std::vector<std::string> secrets;
  std::string code;
  {
    TestServer server;
    WsTestClient console(server.port());
    console.hello();
    const json created = console.request({{"type", "session.create"}, {"scenario", "activities"}});
    code = created["result"]["code"];
    const std::string key = created["result"]["facilitatorKey"];
    secrets.push_back(key);

    WsTestClient ana(server.port());
    ana.hello();
    const std::string token = ana.request({{"type", "join"}, {"code", code}, {"name", "Ana"}})["result"]["resumeToken"];
    secrets.push_back(token);

    WsTestClient again(server.port());
    again.hello();
    ASSERT_EQ(again.request({{"type", "resume"}, {"code", code}, {"resumeToken", token}})["type"], "ack");
    WsTestClient second_console(server.port());
    second_console.hello();
    ASSERT_EQ(second_console.request({{"type", "facilitator.attach"}, {"code", code}, {"facilitatorKey", key}})["type"], "ack");

    // Wrong secrets are secrets too: someone's mistyped key is one character from the real one.
    const std::string wrong_key = key.substr(0, key.size() - 1) + (key.back() == 'A' ? "B" : "A");
    const std::string wrong_token = token.substr(0, token.size() - 1) + (token.back() == 'A' ? "B" : "A");
    secrets.push_back(wrong_key);
    secrets.push_back(wrong_token);
    WsTestClient mallory(server.port());
    mallory.hello();
    EXPECT_EQ(mallory.request({{"type", "facilitator.attach"}, {"code", code}, {"facilitatorKey", wrong_key}})["code"],
              "token_invalid");
    EXPECT_EQ(mallory.request({{"type", "resume"}, {"code", code}, {"resumeToken", wrong_token}})["code"],
              "token_invalid");
    EXPECT_EQ(http_get(server.port(), "/api/sessions/" + code + "/report", {{"X-Facilitator-Key", key}}).status, 200);
    EXPECT_EQ(http_get(server.port(), "/api/sessions/" + code + "/report", {{"X-Facilitator-Key", wrong_key}}).status, 404);
  }
  const std::string logged = log.stop();
  ASSERT_NE(logged.find(code), std::string::npos) << "the server logged nothing about the session: the search proves nothing";
  for (const auto& secret : secrets) {
    ASSERT_GE(secret.size(), 16u);
    EXPECT_EQ(logged.find(secret), std::string::npos) << "a key or token is in the log";
    // Not even a long piece of one (a truncated or prefixed form).
    EXPECT_EQ(logged.find(secret.substr(0, 12)), std::string::npos) << "the start of a key or token is in the log";
  }
}

}  // namespace
}  // namespace huddle::test

// The webhook sender against a real HTTP receiver on loopback (support/webhook_receiver.hpp): what an
// organisation's endpoint receives and can verify, what happens when it fails or never answers, and which URLs
// the server refuses to call at all (the allowlist against server-side request forgery).
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hub/secrets.hpp"
#include "integration/log_capture.hpp"
#include "net/webhook_sender.hpp"
#include "support/webhook_receiver.hpp"

namespace huddle::net {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;

using Reply = test::HookReply;
using HookReceiver = test::WebhookReceiver;

// The sender's side: its own I/O thread, and a way to wait for a delivery's outcome.
class WebhookSenderTest : public ::testing::Test {
 protected:
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::thread thread{[this] { io.run(); }};

  ~WebhookSenderTest() override {
    work.reset();
    io.stop();
    thread.join();
  }

  static WebhookOptions quick() {
    WebhookOptions options;
    options.timeout = 300ms;
    options.retry_delays = {10ms, 20ms, 30ms};
    return options;
  }

  // Sends and waits for `done`; the wait is a guard against a hang, not a measurement.
  bool deliver(WebhookSender& sender, const std::string& url, const std::string& secret, const std::string& body) {
    std::promise<bool> outcome;
    auto result = outcome.get_future();
    sender.send(url, secret, body, [&outcome](bool delivered) { outcome.set_value(delivered); });
    if (result.wait_for(60s) != std::future_status::ready) {
      ADD_FAILURE() << "the sender never reported an outcome";
      return false;
    }
    return result.get();
  }
};

// Computed here with OpenSSL directly, as a receiver in any language would.
std::string receiver_signature(const std::string& secret, const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), digest, &length);
  std::string hex;
  char byte[3];
  for (unsigned i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return "sha256=" + hex;
}

const std::string body = R"({"event":"task.due","cohort":"c-1","session":2,"notDone":["Ana Souza","Ben"]})";

TEST_F(WebhookSenderTest, TheReceiverGetsTheJsonWithASignatureItCanVerify) {
  HookReceiver receiver({Reply::ok});
  WebhookSender sender(io.get_executor(), {receiver.authority()}, quick());
  EXPECT_TRUE(deliver(sender, "http://" + receiver.authority() + "/hooks/huddle?team=7", "s3cret-of-the-cohort", body));
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method(), http::verb::post);
  EXPECT_EQ(r.target(), "/hooks/huddle?team=7");
  EXPECT_EQ(r[http::field::host], receiver.authority());
  EXPECT_EQ(r[http::field::content_type], "application/json");
  EXPECT_EQ(r[http::field::user_agent], "huddle");
  EXPECT_EQ(r.body(), body);
  EXPECT_EQ(r["X-Huddle-Signature"], receiver_signature("s3cret-of-the-cohort", body));
  EXPECT_NE(r["X-Huddle-Signature"], receiver_signature("another cohort's secret", body));
}

TEST_F(WebhookSenderTest, TheSignatureIsStandardHmacSha256) {
  // RFC 4231, test case 2.
  EXPECT_EQ(hub::hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_F(WebhookSenderTest, AFailedAttemptIsRetriedAndThenDelivered) {
  HookReceiver receiver({Reply::server_error, Reply::ok});
  WebhookSender sender(io.get_executor(), {receiver.authority()}, quick());
  EXPECT_TRUE(deliver(sender, "http://" + receiver.authority() + "/", "k", body));
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].body(), body);
  EXPECT_EQ(requests[1]["X-Huddle-Signature"], requests[0]["X-Huddle-Signature"]);
}

TEST_F(WebhookSenderTest, ItGivesUpAfterTheRetries) {
  HookReceiver receiver({Reply::server_error});
  WebhookSender sender(io.get_executor(), {receiver.authority()}, quick());
  EXPECT_FALSE(deliver(sender, "http://" + receiver.authority() + "/", "k", body));
  EXPECT_EQ(receiver.requests().size(), 4u);  // the first attempt and three retries
}

TEST_F(WebhookSenderTest, AReceiverThatNeverAnswersTimesOutAndIsRetried) {
  HookReceiver receiver({Reply::silence});
  WebhookSender sender(io.get_executor(), {receiver.authority()}, quick());
  EXPECT_FALSE(deliver(sender, "http://" + receiver.authority() + "/", "k", body));
  EXPECT_EQ(receiver.requests().size(), 4u);
}

TEST_F(WebhookSenderTest, ARefusedConnectionIsLoggedWithTheHostOnly) {
  // A port nobody listens on any more.
  tcp::acceptor closed(io, {asio::ip::make_address("127.0.0.1"), 0});
  const std::string authority = "127.0.0.1:" + std::to_string(closed.local_endpoint().port());
  closed.close();
  WebhookSender sender(io.get_executor(), {authority}, quick());
  test::LogCapture log;
  EXPECT_FALSE(deliver(sender, "http://" + authority + "/T0KEN-in-the-path", "k", body));
  const std::string logged = log.stop();
  EXPECT_NE(logged.find("webhook to " + authority + " not delivered after 4 attempts"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("T0KEN-in-the-path"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("Ana Souza"), std::string::npos) << logged;
}

TEST_F(WebhookSenderTest, ARedirectIsNeverFollowedEvenToAnAllowedHost) {
  HookReceiver elsewhere({Reply::ok});
  HookReceiver receiver({Reply::redirect}, "http://" + elsewhere.authority() + "/");
  WebhookSender sender(io.get_executor(), {receiver.authority(), elsewhere.authority()}, quick());
  EXPECT_FALSE(deliver(sender, "http://" + receiver.authority() + "/", "k", body));
  EXPECT_EQ(receiver.requests().size(), 4u);
  EXPECT_TRUE(elsewhere.requests().empty());
}

// A URL stored before the operator narrowed --webhook-allow is not called.
TEST_F(WebhookSenderTest, AUrlNoLongerAllowedIsNotCalled) {
  HookReceiver receiver({Reply::ok});
  WebhookSender sender(io.get_executor(), {"hooks.example.org"}, quick());
  EXPECT_FALSE(deliver(sender, "http://" + receiver.authority() + "/", "k", body));
  EXPECT_TRUE(receiver.requests().empty());
}

TEST(WebhookUrlCheck, OnlyPlainHttpUrlsOnAnAllowedHostAndPortAreCalled) {
  const std::vector<std::string> allowed = {"hooks.example.org", "127.0.0.1:8080", "[::1]:9000", "Chat.Example.ORG:81"};
  for (const char* url : {"http://hooks.example.org/huddle", "HTTP://Hooks.Example.org:80/x?y=1", "http://hooks.example.org",
                          "http://hooks.example.org?x=1", "http://127.0.0.1:8080", "http://[::1]:9000/a",
                          "http://chat.example.org:81/%C3%A9"}) {
    EXPECT_EQ(WebhookSender::check_url(url, allowed), std::nullopt) << url;
  }
  for (const std::string& url : std::vector<std::string>{"https://hooks.example.org/x", "ftp://hooks.example.org/", "hooks.example.org/x", "", "http://",
        "http://hooks.example.org:8080/x", "http://evil.example.org/", "http://user:pw@hooks.example.org/",
        "http://hooks.example.org@169.254.169.254/", "http://hooks.example.org./", "http://hooks.example.org/#frag",
        "http://hooks.example.org/a b", "http://hooks.example.org/\r\nX-Injected: 1", "http://127.0.0.1/",
        "http://localhost:8080/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
        "http://hooks.example.org:0/", "http://hooks.example.org:99999/", "http://h%6fks.example.org/",
        "http://hooks.example.org/" + std::string(600, 'x'), "http://hooks.exämple.org/"}) {
    const auto why = WebhookSender::check_url(url, allowed);
    ASSERT_NE(why, std::nullopt) << url;
    // A refusal names what the URL named, never what else is allowed.
    for (const char* other : {"8080", "9000", "chat.example.org"}) {
      if (url.find(other) == std::string::npos) {
        EXPECT_EQ(why->find(other), std::string::npos) << *why;
      }
    }
  }
  EXPECT_NE(WebhookSender::check_url("https://hooks.example.org/x", allowed)->find("http://"), std::string::npos);
  EXPECT_NE(WebhookSender::check_url("http://a@hooks.example.org/", allowed)->find("password"), std::string::npos);
  EXPECT_NE(WebhookSender::check_url("http://hooks.example.org/x", {})->find("--webhook-allow"), std::string::npos);
}

TEST(WebhookUrlCheck, AllowlistEntriesAreHostsWithAnOptionalPort) {
  for (const char* entry : {"hooks.example.org", "hooks.example.org:8080", "10.0.0.5", "[::1]:9000"}) {
    EXPECT_EQ(WebhookSender::check_allowed_host(entry), std::nullopt) << entry;
  }
  for (const char* entry : {"", "http://hooks.example.org", "hooks.example.org/x", "host:0", "host:99999", "a b", "[::1"}) {
    EXPECT_NE(WebhookSender::check_allowed_host(entry), std::nullopt) << entry;
  }
}

}  // namespace
}  // namespace huddle::net

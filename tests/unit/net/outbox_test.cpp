// The hand-over from sessions to a shard's connections (net/outbox.hpp): order kept, one drain per batch.
#include "net/outbox.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

namespace huddle::net {
namespace {

// Records what it was given, in order, as "reply:TEXT" or "push:TOPIC:TEXT".
class Recorder : public OutboxTarget {
 public:
  void take_reply(hub::SharedFrame frame) override { seen.push_back("reply:" + std::string(frame->payload())); }
  void take_push(hub::Topic topic, hub::SharedFrame frame) override {
    seen.push_back("push:" + std::string(hub::topic_name(topic)) + ":" + std::string(frame->payload()));
  }
  std::vector<std::string> seen;
};

hub::SharedFrame frame(const std::string& text) { return std::make_shared<const hub::PushFrame>(text); }

TEST(Outbox, ABurstOfPushesToManyConnectionsIsOneHandOver) {
  boost::asio::io_context ioc;
  Outbox outbox(boost::asio::make_strand(ioc.get_executor()));
  std::vector<std::shared_ptr<Recorder>> connections;
  for (int i = 0; i < 1000; ++i) connections.push_back(std::make_shared<Recorder>());
  const auto push = frame("v1");
  for (const auto& c : connections) outbox.push(c, hub::Topic::session, push);
  EXPECT_EQ(ioc.run(), 1u) << "one handler ran for 1,000 pushes";
  for (const auto& c : connections) EXPECT_EQ(c->seen, std::vector<std::string>{"push:session:v1"});
}

TEST(Outbox, WhatWasAddedFirstArrivesFirstAndBeforeWhatIsPostedAfterIt) {
  boost::asio::io_context ioc;
  Outbox outbox(boost::asio::make_strand(ioc.get_executor()));
  auto c = std::make_shared<Recorder>();
  outbox.reply(c, frame("ack 1"));
  outbox.push(c, hub::Topic::activity, frame("tally 1"));
  // A close is posted to the strand after them (SessionHost: ack, then close): it must find them delivered.
  boost::asio::post(outbox.strand(), [&] { c->seen.push_back("closed"); });
  outbox.reply(c, frame("ack 2"));  // added after the post: it may join the batch already on its way
  ioc.run();
  ASSERT_EQ(c->seen.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(c->seen.begin(), c->seen.begin() + 2),
            (std::vector<std::string>{"reply:ack 1", "push:activity:tally 1"}));
  EXPECT_NE(std::find(c->seen.begin() + 2, c->seen.end(), "closed"), c->seen.end());
  EXPECT_NE(std::find(c->seen.begin() + 2, c->seen.end(), "reply:ack 2"), c->seen.end());
}

TEST(Outbox, FramesFromSeveralThreadsAllArriveInEachThreadsOrder) {
  boost::asio::io_context ioc;
  Outbox outbox(boost::asio::make_strand(ioc.get_executor()));
  auto c = std::make_shared<Recorder>();
  constexpr int per_thread = 2000;
  auto guard = boost::asio::make_work_guard(ioc);  // run() returns once both senders are done and it is drained
  std::vector<std::thread> senders;
  for (int t = 0; t < 2; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) outbox.reply(c, frame(std::to_string(t) + ":" + std::to_string(i)));
    });
  }
  std::thread runner([&] {
    for (auto& s : senders) s.join();
    guard.reset();
  });
  ioc.run();
  runner.join();
  ASSERT_EQ(c->seen.size(), 2u * per_thread);
  std::vector<int> next(2, 0);
  for (const auto& s : c->seen) {
    const auto colon = s.find(':', 6);
    const int t = std::stoi(s.substr(6, colon - 6));
    EXPECT_EQ(std::stoi(s.substr(colon + 1)), next[static_cast<std::size_t>(t)]++);
  }
}

TEST(PushFrame, CarriesItsHeaderSoEveryConnectionWritesTheSameBytes) {
  const hub::PushFrame small("{}");
  EXPECT_EQ(small.wire(), std::string("\x81\x02{}", 4));
  EXPECT_EQ(small.payload(), "{}");
  const std::string big(70000, 'x');
  const hub::PushFrame large(big);
  ASSERT_EQ(large.wire().size(), big.size() + 10);
  EXPECT_EQ(static_cast<unsigned char>(large.wire()[1]), 127U);  // a 64-bit length
  EXPECT_EQ(large.payload(), big);
  const hub::PushFrame ping("", hub::WsOpcode::ping);
  EXPECT_EQ(ping.wire(), std::string("\x89\x00", 2));
  EXPECT_EQ(ping.opcode(), hub::WsOpcode::ping);
}

}  // namespace
}  // namespace huddle::net

// The owner's side of an edge: a frame pushed to many of the edge's connections crosses Redis once, with
// their ids; the batch keeps the order things were sent in; the sender is woken once per batch.
#include <gtest/gtest.h>

#include "cluster/edge_link.hpp"
#include "hub/push_frame.hpp"

namespace huddle::cluster {
namespace {

TEST(EdgeLink, AFramePushedToAThousandConnectionsIsOneRecordWithTheirIds) {
  int wakes = 0;
  EdgeLink link("edge-1", [&] { ++wakes; });
  auto frame = std::make_shared<const hub::PushFrame>(R"({"type":"state","topic":"activity"})");
  for (std::uint64_t c = 1; c <= 1000; ++c) link.push(c, hub::Topic::activity, frame);
  EXPECT_EQ(wakes, 1);
  const std::string batch = link.take_batch();
  int records = 0;
  ASSERT_TRUE(read_edge_batch(batch, [&](const EdgeRecord& r) {
    ++records;
    EXPECT_EQ(r.connections.size(), 1000u);
    EXPECT_EQ(r.text, frame->payload());
  }));
  EXPECT_EQ(records, 1);
  // The frame's bytes cross once: the batch is the ids plus one payload, not a thousand payloads.
  EXPECT_LT(batch.size(), 1000 * 8 + 2 * frame->payload().size() + 64);
  EXPECT_EQ(link.take_batch(), "");
}

TEST(EdgeLink, RecordsKeepTheOrderTheyWereSentInAndAPatchCarriesItsWholePush) {
  EdgeLink link("edge-1", nullptr);
  auto whole = std::make_shared<const hub::PushFrame>("whole");
  auto patch = std::make_shared<const hub::PushFrame>("patch", whole);
  link.push(1, hub::Topic::activity, patch);
  link.reply(1, "reply-1");
  link.push(2, hub::Topic::activity, patch);  // joins the first record: earlier than sent, never later
  link.close(2, 1012, "moved");
  std::vector<std::string> order;
  ASSERT_TRUE(read_edge_batch(link.take_batch(), [&](const EdgeRecord& r) {
    order.push_back(std::string(r.text) + (r.whole ? "+" + std::string(*r.whole) : "") + "/" +
                    std::to_string(r.connections.size()));
  }));
  EXPECT_EQ(order, (std::vector<std::string>{"patch+whole/2", "reply-1/1", "moved/1"}));
}

}  // namespace
}  // namespace huddle::cluster

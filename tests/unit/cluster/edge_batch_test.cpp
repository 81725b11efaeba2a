// What one PUBLISH to an edge carries: replies, pushes (with every recipient and, for a patch, the whole push
// it stands for) and closes come back out exactly as written, in order; a damaged batch is refused.
#include <gtest/gtest.h>

#include "cluster/edge_batch.hpp"

namespace huddle::cluster {
namespace {

TEST(EdgeBatch, RepliesPushesAndClosesComeBackAsWrittenInOrder) {
  EdgeBatchWriter out;
  out.reply(7, R"({"type":"ack","id":1})");
  out.push(hub::Topic::activity, {7, 8, 9}, R"({"type":"patch"})", std::string_view(R"({"type":"state"})"));
  out.push(hub::Topic::roster, {8}, std::string(70'000, 'x'), std::nullopt);
  out.close(9, 1012, "moved");
  const std::string batch = out.take();
  EXPECT_TRUE(out.empty());

  std::vector<std::string> seen;
  ASSERT_TRUE(read_edge_batch(batch, [&](const EdgeRecord& r) {
    std::string line = std::to_string(static_cast<int>(r.kind)) + ":";
    for (auto c : r.connections) line += std::to_string(c) + ",";
    if (r.kind == EdgeRecord::Kind::push) line += std::string(hub::topic_name(r.topic)) + ":";
    if (r.kind == EdgeRecord::Kind::close) line += std::to_string(r.close_code) + ":";
    line += r.text.size() > 100 ? std::to_string(r.text.size()) : std::string(r.text);
    if (r.whole) line += "|" + std::string(*r.whole);
    seen.push_back(line);
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{R"(1:7,{"type":"ack","id":1})",
                                            R"(2:7,8,9,activity:{"type":"patch"}|{"type":"state"})",
                                            "2:8,roster:70000", "3:9,1012:moved"}));
}

TEST(EdgeBatch, ATruncatedOrMadeUpBatchIsRefused) {
  EdgeBatchWriter out;
  out.push(hub::Topic::session, {1, 2}, "payload", std::nullopt);
  const std::string batch = out.take();
  int visited = 0;
  for (std::size_t cut = 1; cut < batch.size(); ++cut) {
    EXPECT_FALSE(read_edge_batch(std::string_view(batch).substr(0, cut), [&](const EdgeRecord&) { ++visited; })) << cut;
  }
  EXPECT_EQ(visited, 0);
  EXPECT_FALSE(read_edge_batch("\x09garbage", [](const EdgeRecord&) {}));
  // A count of recipients larger than the batch could hold is refused before anything is allocated.
  std::string huge = batch;
  huge[2] = huge[3] = huge[4] = huge[5] = '\xff';
  EXPECT_FALSE(read_edge_batch(huge, [](const EdgeRecord&) {}));
  EXPECT_TRUE(read_edge_batch("", [](const EdgeRecord&) {}));
}

}  // namespace
}  // namespace huddle::cluster

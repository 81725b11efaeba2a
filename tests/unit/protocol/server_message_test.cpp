#include "huddle/protocol/server_message.hpp"

#include <set>

#include <gtest/gtest.h>

namespace huddle::protocol {
namespace {

using nlohmann::json;

TEST(ServerMessage, AckEchoesTheIdAndAlwaysHasAResultObject) {
  auto ack = json::parse(make_ack(RequestId{std::string("r-1")}, nullptr));
  EXPECT_EQ(ack, (json{{"type", "ack"}, {"id", "r-1"}, {"result", json::object()}}));
  EXPECT_EQ(json::parse(make_ack(RequestId{std::int64_t{7}}, {{"phase", 2}}))["id"], 7);
}

TEST(ServerMessage, ErrorCarriesCodeAndMessageAndNullIdWhenUnknown) {
  auto e = json::parse(make_error(std::nullopt, ErrorCode::bad_request, "not JSON"));
  EXPECT_TRUE(e["id"].is_null());
  EXPECT_EQ(e["code"], "bad_request");
  EXPECT_EQ(e["message"], "not JSON");
}

TEST(ServerMessage, StateCarriesTopicVersionEpoch) {
  auto s = json::parse(make_state("roster", 3, "e-1", {{"participants", json::array()}}));
  EXPECT_EQ(s["type"], "state");
  EXPECT_EQ(s["topic"], "roster");
  EXPECT_EQ(s["version"], 3);
  EXPECT_EQ(s["epoch"], "e-1");
}

TEST(ServerMessage, AStateBuiltAroundSerializedDataReadsTheSameAsOneBuiltFromJson) {
  const json data = {{"question", "Wer \"führt\"?"}, {"counts", {3, 1, 4}}, {"open", true}};
  const auto text = to_json_text(data);
  const auto frame = make_state_text("activity", 12, "e-\"1", text);
  // Byte for byte the same push, so clients and the protocol's schemas see no difference.
  EXPECT_EQ(frame, json({{"type", "state"}, {"topic", "activity"}, {"version", 12}, {"epoch", "e-\"1"}, {"data", data}}).dump());
  EXPECT_EQ(frame, make_state("activity", 12, "e-\"1", data));
  // The hub finds the data where the header says it starts.
  EXPECT_EQ(std::string_view(frame).substr(state_data_offset, text.size()), text);
}

TEST(ServerMessage, EveryErrorCodeHasADistinctName) {
  std::set<std::string_view> names;
  for (auto code : all_error_codes) names.insert(to_string(code));
  EXPECT_EQ(names.size(), std::size(all_error_codes));
  EXPECT_EQ(to_string(ErrorCode::internal), "internal");
}

TEST(ServerMessage, InvalidUtf8NeverThrows) {
  EXPECT_NO_THROW(make_error(std::nullopt, ErrorCode::bad_request, "bad \xFF byte"));
}

}  // namespace
}  // namespace huddle::protocol

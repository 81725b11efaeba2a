#include "huddle/protocol/request_parser.hpp"

#include <gtest/gtest.h>

namespace huddle::protocol {
namespace {

ParseError error_of(std::string_view text) {
  auto parsed = parse_request(text);
  EXPECT_TRUE(std::holds_alternative<ParseError>(parsed)) << text;
  return std::holds_alternative<ParseError>(parsed) ? std::get<ParseError>(parsed) : ParseError{};
}

Request request_of(std::string_view text) {
  auto parsed = parse_request(text);
  EXPECT_TRUE(std::holds_alternative<Request>(parsed)) << text << ": "
                                                        << (std::holds_alternative<ParseError>(parsed) ? std::get<ParseError>(parsed).message : "");
  return std::holds_alternative<Request>(parsed) ? std::get<Request>(parsed) : Request{};
}

TEST(RequestParser, ReadsEveryDocumentedRequest) {
  EXPECT_TRUE(std::holds_alternative<Hello>(request_of(R"({"type":"hello","id":1,"protocol":1})").body));
  EXPECT_EQ(std::get<SessionCreate>(request_of(R"({"type":"session.create","id":2,"scenario":"x"})").body).scenario, "x");
  auto attach = std::get<FacilitatorAttach>(request_of(R"({"type":"facilitator.attach","id":3,"code":"C","facilitatorKey":"K"})").body);
  EXPECT_EQ(attach.facilitator_key, "K");
  auto join = std::get<Join>(request_of(R"({"type":"join","id":"j-1","code":"K7QX3M","name":"Dana"})").body);
  EXPECT_EQ(join.name, "Dana");
  EXPECT_EQ(std::get<Resume>(request_of(R"({"type":"resume","id":4,"code":"C","resumeToken":"T"})").body).resume_token, "T");
  EXPECT_TRUE(std::holds_alternative<Leave>(request_of(R"({"type":"leave","id":5})").body));
  EXPECT_TRUE(std::holds_alternative<Resync>(request_of(R"({"type":"resync","id":6})").body));
  EXPECT_TRUE(std::holds_alternative<PhaseNext>(request_of(R"({"type":"phase.next","id":7})").body));
  EXPECT_TRUE(std::holds_alternative<PhaseBack>(request_of(R"({"type":"phase.back","id":8})").body));
  EXPECT_EQ(std::get<PhaseGoto>(request_of(R"({"type":"phase.goto","id":9,"index":2})").body).index, 2);
  EXPECT_EQ(std::get<ParticipantRemove>(request_of(R"({"type":"participant.remove","id":10,"participantId":"p"})").body).participant_id, "p");
  EXPECT_TRUE(std::holds_alternative<SessionEnd>(request_of(R"({"type":"session.end","id":11})").body));
  EXPECT_TRUE(std::get<SessionLock>(request_of(R"({"type":"session.lock","id":12,"locked":true})").body).locked);
  EXPECT_FALSE(std::get<SessionLock>(request_of(R"({"type":"session.lock","id":13,"locked":false})").body).locked);
  EXPECT_EQ(std::get<ParticipantRemoveSince>(request_of(R"({"type":"participant.remove.since","id":14,"since":1795000300000})").body).since,
            1795000300000);
}

TEST(RequestParser, TheDoorsFieldsAreRequiredAndTyped) {
  EXPECT_EQ(error_of(R"({"type":"session.lock","id":1})").code, ErrorCode::invalid_field);
  EXPECT_EQ(error_of(R"({"type":"session.lock","id":1,"locked":"yes"})").code, ErrorCode::invalid_field);
  EXPECT_EQ(error_of(R"({"type":"participant.remove.since","id":1})").code, ErrorCode::invalid_field);
  EXPECT_EQ(error_of(R"({"type":"participant.remove.since","id":1,"since":"5 minutes"})").code, ErrorCode::invalid_field);
}

TEST(RequestParser, TypeNamesRoundTrip) {
  auto r = request_of(R"({"type":"participant.remove","id":1,"participantId":"p"})");
  EXPECT_STREQ(type_name(r.body), "participant.remove");
}

TEST(RequestParser, KeepsTheIdSoTheErrorPairsUp) {
  auto e = error_of(R"({"type":"join","id":"j-7","code":"ABCDEF"})");
  EXPECT_EQ(e.code, ErrorCode::invalid_field);
  ASSERT_TRUE(e.id);
  EXPECT_EQ(std::get<std::string>(*e.id), "j-7");
  EXPECT_NE(e.message.find("name"), std::string::npos);
}

TEST(RequestParser, WrongFieldTypesAreInvalidField) {
  EXPECT_EQ(error_of(R"({"type":"join","id":1,"code":"ABCDEF","name":42})").code, ErrorCode::invalid_field);
  EXPECT_EQ(error_of(R"({"type":"phase.goto","id":1,"index":"2"})").code, ErrorCode::invalid_field);
  EXPECT_EQ(error_of(R"({"type":"hello","id":1,"protocol":1.5})").code, ErrorCode::invalid_field);
}

TEST(RequestParser, UnknownFieldsAreIgnored) {
  EXPECT_TRUE(std::holds_alternative<Leave>(request_of(R"({"type":"leave","id":1,"extra":{"a":[1,2]}})").body));
}

TEST(RequestParser, MalformedFramesAreBadRequestWithoutId) {
  for (const char* text : {"{bad", "", "[1,2]", "\"hello\"", "null", R"({"type":"leave"})",
                           R"({"type":"leave","id":-1})", R"({"type":"leave","id":true})", R"({"type":"leave","id":""})"}) {
    auto e = error_of(text);
    EXPECT_EQ(e.code, ErrorCode::bad_request) << text;
    EXPECT_FALSE(e.id) << text;
  }
}

TEST(RequestParser, IdLimits) {
  EXPECT_TRUE(std::holds_alternative<Request>(parse_request(R"({"type":"leave","id":")" + std::string(64, 'a') + "\"}")));
  EXPECT_EQ(error_of(R"({"type":"leave","id":")" + std::string(65, 'a') + "\"}").code, ErrorCode::bad_request);
  EXPECT_EQ(error_of(R"({"type":"leave","id":9007199254740993})").code, ErrorCode::bad_request);
  EXPECT_EQ(std::get<std::int64_t>(request_of(R"({"type":"leave","id":9007199254740992})").id), std::int64_t{1} << 53);
}

// An id the client could not read back exactly must never be answered as some other id: above 2^53 a
// JavaScript client's number is already rounded, and past 2^63 a signed read would wrap to a negative or
// small id that pairs the reply with the wrong request.
TEST(RequestParser, IdsThatWouldWrapOrRoundAreRefusedNotEchoedAltered) {
  for (const char* text : {R"({"type":"leave","id":18446744073709551615})", R"({"type":"leave","id":18446744073709551616})",
                           R"({"type":"leave","id":9223372036854775808})", R"({"type":"leave","id":9223372036854775807})",
                           R"({"type":"leave","id":-9223372036854775808})", R"({"type":"leave","id":1.5})",
                           R"({"type":"leave","id":1e3})", R"({"type":"leave","id":-0.0})"}) {
    auto e = error_of(text);
    EXPECT_EQ(e.code, ErrorCode::bad_request) << text;
    EXPECT_FALSE(e.id) << text << ": no altered id is echoed";
  }
}

TEST(RequestParser, MissingOrNonStringTypeIsBadRequest) {
  EXPECT_EQ(error_of(R"({"id":1})").code, ErrorCode::bad_request);
  EXPECT_EQ(error_of(R"({"id":1,"type":7})").code, ErrorCode::bad_request);
}

TEST(RequestParser, UnknownTypeIsNamedInTheMessage) {
  auto e = error_of(R"({"type":"launch.missiles","id":1})");
  EXPECT_EQ(e.code, ErrorCode::unknown_type);
  EXPECT_NE(e.message.find("launch.missiles"), std::string::npos);
}

TEST(RequestParser, DeepNestingIsRefusedWithoutRecursion) {
  std::string deep = R"({"type":"leave","id":1,"x":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(error_of(deep).code, ErrorCode::bad_request);
  std::string brackets_in_strings = R"({"type":"leave","id":1,"x":")" + std::string(100, '[') + "\"}";
  EXPECT_TRUE(std::holds_alternative<Request>(parse_request(brackets_in_strings)));
}

TEST(RequestParser, InvalidUtf8IsNotJson) { EXPECT_EQ(error_of("{\"type\":\"leave\",\"id\":\"\xFF\"}").code, ErrorCode::bad_request); }

}  // namespace
}  // namespace huddle::protocol

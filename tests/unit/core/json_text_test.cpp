// JsonText writes what nlohmann::json::dump() writes for the same value: the hub compares and splices these texts
// with dumps of trees, so a single byte of difference would read as a change, or break a splice.
#include "core/json_text.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace huddle::core {
namespace {

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

TEST(JsonText, StringsAreEscapedExactlyAsNlohmannEscapesThem) {
  const std::string samples[] = {"",
                                 "plain",
                                 R"(quotes " and \ backslash)",
                                 "\b\f\n\r\t",
                                 std::string("\x01\x1f\x7f nul:") + std::string(1, '\0'),
                                 "Grüße, 你好, 👋",
                                 "\u2028 \u2029 and \u202E",
                                 "bad \xff byte",
                                 "cut \xe2\x82"};
  for (const auto& s : samples) {
    JsonText j;
    j.string(s);
    EXPECT_EQ(j.text(), dump(nlohmann::json(s))) << s;
  }
}

TEST(JsonText, ObjectsArraysAndScalarsNestAsDumpWritesThem) {
  JsonText j;
  j.begin_object().key("a").begin_array().number(-3).number(0).boolean(true).null().begin_object().end_object();
  j.begin_array().end_array().end_array();
  j.key("b").raw(R"({"x":1})").key("c").string("z").key("d").begin_object().key("e").number(1795000000000).end_object();
  j.end_object();
  const nlohmann::json expected = {{"a", {-3, 0, true, nullptr, nlohmann::json::object(), nlohmann::json::array()}},
                                   {"b", {{"x", 1}}},
                                   {"c", "z"},
                                   {"d", {{"e", 1795000000000}}}};
  EXPECT_EQ(j.text(), dump(expected));
}

TEST(JsonText, AMemberIsFoundButNotTheSameTextInsideAString) {
  const std::string text = dump({{"note", R"(say "room":null)"}, {"room", nullptr}, {"roomCount", 2}});
  const auto at = find_member_value(text, "room", "null");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(text.substr(at - 7, 11), R"("room":null)");
  EXPECT_EQ(find_member_value(text, "room", "null", at), std::string::npos) << "only once";
  EXPECT_EQ(find_member_value(text, "rooms", "[]"), std::string::npos);
}

}  // namespace
}  // namespace huddle::core

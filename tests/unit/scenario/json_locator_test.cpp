// JsonLocator: from a JSON pointer to the line and column where that value starts in the original text.
#include "scenario/json_locator.hpp"

#include <string>

#include <gtest/gtest.h>

namespace huddle::scenario {
namespace {

// "line:column" of the pointer, or "absent".
std::string where(const JsonLocator& locator, std::string_view pointer) {
  auto at = locator.find(pointer);
  return at ? std::to_string(at->line) + ":" + std::to_string(at->column) : "absent";
}

std::string near(const JsonLocator& locator, std::string_view pointer) {
  auto at = locator.locate(pointer);
  return std::to_string(at.line) + ":" + std::to_string(at.column);
}

TEST(JsonLocator, FindsMembersAndElementsAcrossLines) {
  const std::string text =
      "{\n"                            // 1
      "  \"id\": \"demo\",\n"          // 2
      "  \"phases\": [\n"              // 3
      "    { \"title\": \"a\" },\n"    // 4
      "    {\n"                        // 5
      "      \"title\": \"b\",\n"      // 6
      "      \"tags\": [1, [2, 3]]\n"  // 7
      "    }\n"                        // 8
      "  ]\n"                          // 9
      "}\n";
  JsonLocator locator(text);
  EXPECT_EQ(where(locator, ""), "1:1");
  EXPECT_EQ(where(locator, "/id"), "2:9");
  EXPECT_EQ(where(locator, "/phases"), "3:13");
  EXPECT_EQ(where(locator, "/phases/0"), "4:5");
  EXPECT_EQ(where(locator, "/phases/0/title"), "4:16");
  EXPECT_EQ(where(locator, "/phases/1"), "5:5");
  EXPECT_EQ(where(locator, "/phases/1/title"), "6:16");
  EXPECT_EQ(where(locator, "/phases/1/tags/0"), "7:16");
  EXPECT_EQ(where(locator, "/phases/1/tags/1"), "7:19");
  EXPECT_EQ(where(locator, "/phases/1/tags/1/1"), "7:23");
}

TEST(JsonLocator, SkipsLineAndBlockCommentsWithLookalikeContent) {
  const std::string text =
      "// a scenario { \"id\": \"not this one\" }\n"
      "{\n"
      "  /* \"title\": \"nor this\", [ { */ \"title\": /* here */ \"T\",\n"
      "  \"notes\": \"// not a comment /* either */\", // \"x\": 1\n"
      "  \"x\": 2 /* multi\n"
      "  line \" ] } */ , \"y\": [ /**/ 7 ]\n"
      "}";
  JsonLocator locator(text);
  EXPECT_EQ(where(locator, ""), "2:1");
  EXPECT_EQ(where(locator, "/title"), "3:54");
  EXPECT_EQ(where(locator, "/notes"), "4:12");
  EXPECT_EQ(where(locator, "/x"), "5:8");
  EXPECT_EQ(where(locator, "/y"), "6:24");
  EXPECT_EQ(where(locator, "/y/0"), "6:31");
  EXPECT_EQ(where(locator, "/id"), "absent");
}

TEST(JsonLocator, DecodesStringEscapesInKeysAndSkipsThemInValues) {
  // Keys written with escapes are found by their decoded name; quotes and backslashes inside strings
  // don't end them early.
  const std::string text = R"({"a\"b": 1, "c\\": 2, "\u00e9t\u00e9": 3, "tab\tkey": 4, "v": "x\"}, \"w\": [", "w": 5, "\ud83d\ude00": 6})";
  JsonLocator locator(text);
  EXPECT_EQ(where(locator, "/a\"b"), "1:10");
  EXPECT_EQ(where(locator, "/c\\"), "1:20");
  EXPECT_EQ(where(locator, "/\xC3\xA9t\xC3\xA9"), "1:40");
  EXPECT_EQ(where(locator, "/tab\tkey"), "1:55");
  EXPECT_EQ(where(locator, "/w"), "1:86");
  EXPECT_EQ(where(locator, "/\xF0\x9F\x98\x80"), "1:105");
}

TEST(JsonLocator, UnescapesPointerTokens) {
  const std::string text = R"({"a/b": 1, "m~n": 2, "~1": 3, "": {"": 4}})";
  JsonLocator locator(text);
  EXPECT_EQ(where(locator, "/a~1b"), "1:9");
  EXPECT_EQ(where(locator, "/m~0n"), "1:19");
  EXPECT_EQ(where(locator, "/~01"), "1:28");  // ~0 then 1: the key "~1", not "~/"
  EXPECT_EQ(where(locator, "/a/b"), "absent");
  EXPECT_EQ(where(locator, "/"), "1:35");
  EXPECT_EQ(where(locator, "//"), "1:40");
}

TEST(JsonLocator, MissingValuesFallBackToTheEnclosingValue) {
  const std::string text = "{\n  \"phases\": [\n    {\"title\": \"a\",\n     \"activity\": {\"kind\": \"poll\"}}\n  ]\n}";
  JsonLocator locator(text);
  EXPECT_EQ(where(locator, "/phases/0/notes"), "absent");
  EXPECT_EQ(near(locator, "/phases/0/notes"), "3:5");                // the phase object
  EXPECT_EQ(near(locator, "/phases/0/activity/question"), "4:18");   // the activity object
  EXPECT_EQ(near(locator, "/phases/0/activity/roles/2/id"), "4:18");  // deepest existing value
  EXPECT_EQ(near(locator, "/phases/3/title"), "2:13");               // index past the end: the array
  EXPECT_EQ(near(locator, "/phases/01"), "2:13");                    // not an index (leading zero)
  EXPECT_EQ(near(locator, "/phases/-"), "2:13");
  EXPECT_EQ(near(locator, "/phases/0/title/x"), "3:15");             // below a string: the string
  EXPECT_EQ(near(locator, "no-slash"), "1:1");
}

TEST(JsonLocator, CountsColumnsInCharactersAndHandlesLineEndingsAndBom) {
  // "é" is two bytes but one column; CRLF and a lone CR both end a line; a BOM takes no column.
  const std::string text = "\xEF\xBB\xBF{\"\xC3\xA9\": \"\xE2\x80\x94\", \"b\": 1,\r\n\"c\": 2,\r\"d\":\t3}";
  JsonLocator locator(text);
  EXPECT_EQ(where(locator, ""), "1:1");
  EXPECT_EQ(where(locator, "/\xC3\xA9"), "1:7");
  EXPECT_EQ(where(locator, "/b"), "1:17");
  EXPECT_EQ(where(locator, "/c"), "2:6");
  EXPECT_EQ(where(locator, "/d"), "3:6");
  EXPECT_EQ(locator.position_of(text.size() + 100).line, 3);  // clamped
}

TEST(JsonLocator, ReportsRepeatedKeysAndFollowsTheLastOne) {
  const std::string text = "{\"a\": 1,\n \"b\": {\"x\": 1, \"x\": 2},\n \"a\": 3}";
  JsonLocator locator(text);
  EXPECT_EQ(where(locator, "/a"), "3:7");  // a JSON reader keeps the last "a"
  EXPECT_EQ(where(locator, "/b/x"), "2:21");
  const auto& repeats = locator.duplicate_keys();
  ASSERT_EQ(repeats.size(), 2u);
  EXPECT_EQ(repeats[0].pointer, "/b/x");
  EXPECT_EQ(repeats[0].key, "x");
  EXPECT_EQ(repeats[0].position.line, 2);
  EXPECT_EQ(repeats[0].position.column, 16);
  EXPECT_EQ(repeats[1].pointer, "/a");
  EXPECT_EQ(repeats[1].position.line, 3);
  EXPECT_EQ(repeats[1].position.column, 2);
}

TEST(JsonLocator, ToleratesBrokenAndEmptyText) {
  EXPECT_EQ(near(JsonLocator(""), "/a"), "1:1");
  EXPECT_EQ(where(JsonLocator("   // only a comment"), ""), "absent");
  // Indexes what comes before the problem.
  JsonLocator broken("{\"a\": [1, 2], \"b\": tru e, \"c\": 3");
  EXPECT_EQ(where(broken, "/a/1"), "1:11");
  EXPECT_EQ(where(broken, "/c"), "absent");
  JsonLocator unterminated("{\"a\": \"no end");
  EXPECT_EQ(where(unterminated, "/a"), "1:7");
  JsonLocator open_comment("{\"a\": 1, /* never closed");
  EXPECT_EQ(where(open_comment, "/a"), "1:7");
}

TEST(JsonLocator, DeepNestingNeedsNoRecursion) {
  const std::size_t depth = 200000;
  std::string text(depth, '[');
  text += "7";
  text += std::string(depth, ']');
  JsonLocator locator(text);
  std::string pointer;
  for (std::size_t i = 0; i < depth; ++i) pointer += "/0";
  auto at = locator.find(pointer);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->column, static_cast<int>(depth) + 1);
}

}  // namespace
}  // namespace huddle::scenario

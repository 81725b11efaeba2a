// What a card may say: plain text, trimmed, 1..maxLength characters, line breaks yes, other control characters no.
#include "core/cards/card_text.hpp"

#include <gtest/gtest.h>

namespace huddle::core {
namespace {

struct Case {
  const char* name;
  std::string raw;
  std::size_t max;
  const char* cleaned;  // nullptr: refused
};

TEST(CardText, ValidationTable) {
  const std::string nul("a\0b", 3);
  const Case cases[] = {
      {"plain text is kept", "Why do budgets take so long?", 280, "Why do budgets take so long?"},
      {"spaces around are trimmed", "   why?  ", 280, "why?"},
      {"line breaks around are trimmed", "\n\nwhy?\n\n", 280, "why?"},
      {"a line break inside is kept", "First\nSecond", 280, "First\nSecond"},
      {"CRLF is one line break", "First\r\nSecond", 280, "First\nSecond"},
      {"at most one blank line in a row", "First\n\n\n\n\nSecond", 280, "First\n\nSecond"},
      {"blank lines of spaces count as blank", "First\n   \n \n\nSecond", 280, "First\n\nSecond"},
      {"non-Latin text is fine", "Was heißt das? 予算はどう決まる?", 280, "Was heißt das? 予算はどう決まる?"},
      {"HTML is just text", "<b>why</b>", 280, "<b>why</b>"},
      {"empty is refused", "", 280, nullptr},
      {"blank is refused", " \n \n ", 280, nullptr},
      {"a tab is refused", "a\tb", 280, nullptr},
      {"a lone CR is refused", "a\rb", 280, nullptr},
      {"NUL is refused", nul, 280, nullptr},
      {"DEL is refused", "a\x7F", 280, nullptr},
      {"a C1 control is refused", "a\xC2\x85", 280, nullptr},
      {"a line separator is refused", "a\xE2\x80\xA8" "b", 280, nullptr},
      {"a right-to-left override is refused", "\xE2\x80\xAE" "abc", 280, nullptr},
      {"invalid UTF-8 is refused", "\xFF\xFE", 280, nullptr},
      {"a zero-width space is refused", "why\u200B?", 280, nullptr},
      {"a soft hyphen is refused", "bud\u00ADget", 280, nullptr},
      {"a byte order mark is refused", "\uFEFFwhy?", 280, nullptr},
      {"a right-to-left mark is refused", "why\u200F?", 280, nullptr},
      {"a Hangul filler is refused", "\u3164", 280, nullptr},
      {"a braille blank is refused", "\u2800", 280, nullptr},
      {"a lone variation selector is refused", "\uFE0F", 280, nullptr},
      {"a tag character is refused", "why\U000E0041", 280, nullptr},
      {"an emoji sequence is fine", "\U0001F469\u200D\U0001F4BB \u2764\uFE0F", 280, "\U0001F469\u200D\U0001F4BB \u2764\uFE0F"},
      {"exactly the limit is fine", std::string(20, 'x'), 20, "xxxxxxxxxxxxxxxxxxxx"},
      {"one over the limit is refused", std::string(21, 'x'), 20, nullptr},
      {"the limit counts after trimming", "  " + std::string(20, 'x') + "  ", 20, "xxxxxxxxxxxxxxxxxxxx"},
  };
  for (const Case& c : cases) {
    auto result = clean_card_text(c.raw, c.max);
    if (c.cleaned) {
      ASSERT_TRUE(std::holds_alternative<std::string>(result)) << c.name << ": " << std::get<Rejection>(result).message;
      EXPECT_EQ(std::get<std::string>(result), c.cleaned) << c.name;
    } else {
      ASSERT_TRUE(std::holds_alternative<Rejection>(result)) << c.name;
      EXPECT_EQ(std::get<Rejection>(result).code, protocol::ErrorCode::invalid_field) << c.name;
    }
  }
}

TEST(CardText, LengthIsCountedInCharactersNotBytes) {
  std::string twenty_umlauts;
  for (int i = 0; i < 20; ++i) twenty_umlauts += "ü";  // 40 bytes
  EXPECT_TRUE(std::holds_alternative<std::string>(clean_card_text(twenty_umlauts, 20)));
  EXPECT_TRUE(std::holds_alternative<Rejection>(clean_card_text(twenty_umlauts + "ü", 20)));
}

TEST(CardText, TooLongSaysTheLimit) {
  auto r = std::get<Rejection>(clean_card_text(std::string(300, 'x'), 280));
  EXPECT_NE(r.message.find("280"), std::string::npos);
}

TEST(CardText, ObservationsRefuseInvisibleCharactersWithAMessageThatSaysWhich) {
  auto r = clean_observation_text("She paused\u2060 before answering", 500);
  ASSERT_TRUE(std::holds_alternative<Rejection>(r));
  EXPECT_EQ(std::get<Rejection>(r).code, protocol::ErrorCode::invalid_field);
  EXPECT_NE(std::get<Rejection>(r).message.find("U+2060"), std::string::npos) << std::get<Rejection>(r).message;
  EXPECT_TRUE(std::holds_alternative<Rejection>(clean_group_name("Budget\u200B")));
}

TEST(CardText, GroupNamesAreOneLineOfUpTo60Characters) {
  EXPECT_EQ(std::get<std::string>(clean_group_name("  Budget & approvals ")), "Budget & approvals");
  EXPECT_TRUE(std::holds_alternative<std::string>(clean_group_name(std::string(60, 'n'))));
  EXPECT_TRUE(std::holds_alternative<Rejection>(clean_group_name(std::string(61, 'n'))));
  EXPECT_TRUE(std::holds_alternative<Rejection>(clean_group_name("")));
  EXPECT_TRUE(std::holds_alternative<Rejection>(clean_group_name("   ")));
  EXPECT_TRUE(std::holds_alternative<Rejection>(clean_group_name("two\nlines")));
  EXPECT_TRUE(std::holds_alternative<Rejection>(clean_group_name("a\tb")));
}

}  // namespace
}  // namespace huddle::core

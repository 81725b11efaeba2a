#include "core/display_name.hpp"

#include <gtest/gtest.h>

namespace huddle::core {
namespace {

std::string cleaned(std::string_view raw) { return std::get<std::string>(clean_display_name(raw)); }
bool refused(std::string_view raw) { return std::holds_alternative<Rejection>(clean_display_name(raw)); }

TEST(DisplayName, TrimsAndCollapsesSpaces) {
  EXPECT_EQ(cleaned("  Dana   Lee "), "Dana Lee");
  EXPECT_EQ(cleaned("\xC2\xA0" "Ana" "\xC2\xA0"), "Ana");  // no-break spaces count as spaces
}

TEST(DisplayName, KeepsNonLatinNames) {
  EXPECT_EQ(cleaned("Zoë"), "Zoë");
  EXPECT_EQ(cleaned("李小龍"), "李小龍");
  EXPECT_EQ(cleaned("علي"), "علي");
}

TEST(DisplayName, RefusesEmptyOrBlank) {
  EXPECT_TRUE(refused(""));
  EXPECT_TRUE(refused("    "));
}

TEST(DisplayName, LengthIsCountedInCharactersNotBytes) {
  EXPECT_FALSE(refused(std::string(40, 'a')));
  EXPECT_TRUE(refused(std::string(41, 'a')));
  std::string forty_umlauts;
  for (int i = 0; i < 40; ++i) forty_umlauts += "ü";  // 80 bytes, 40 characters
  EXPECT_FALSE(refused(forty_umlauts));
}

TEST(DisplayName, RefusesControlCharactersAndLineBreaks) {
  EXPECT_TRUE(refused("Dana\nLee"));
  EXPECT_TRUE(refused("Dana\tLee"));
  EXPECT_TRUE(refused(std::string("Da\0na", 5)));
  EXPECT_TRUE(refused("Dana\x7F"));
  EXPECT_TRUE(refused("Dana\xC2\x85"));  // NEL, a C1 control
}

TEST(DisplayName, RefusesTextDirectionOverrides) {
  EXPECT_TRUE(refused("\xE2\x80\xAE" "evE"));  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_TRUE(refused("a\xE2\x81\xA6" "b"));   // U+2066 LEFT-TO-RIGHT ISOLATE
}

TEST(DisplayName, RefusesInvalidUtf8) {
  EXPECT_TRUE(refused("\xFF\xFE"));
  EXPECT_TRUE(refused("\xC0\xAF"));          // overlong '/'
  EXPECT_TRUE(refused("\xED\xA0\x80"));      // a UTF-16 surrogate
  EXPECT_TRUE(refused("abc\xE2\x82"));       // truncated sequence
}

TEST(DisplayName, RefusalsSayWhatToFix) {
  auto r = std::get<Rejection>(clean_display_name(std::string(41, 'a')));
  EXPECT_EQ(r.code, protocol::ErrorCode::name_invalid);
  EXPECT_NE(r.message.find("40"), std::string::npos);
}

TEST(DisplayName, FoldingIgnoresCase) { EXPECT_EQ(fold_display_name("DaNa"), fold_display_name("dana")); }

TEST(DisplayName, NumberedNamesStayWithinTheLimit) {
  EXPECT_EQ(numbered_display_name("Dana", 2), "Dana (2)");
  auto long_name = numbered_display_name(std::string(40, 'x'), 12);
  EXPECT_FALSE(refused(long_name));
  EXPECT_TRUE(long_name.ends_with(" (12)"));
  std::string umlauts;
  for (int i = 0; i < 40; ++i) umlauts += "ü";
  EXPECT_FALSE(refused(numbered_display_name(umlauts, 3)));  // never cuts a character in half
}

}  // namespace
}  // namespace huddle::core

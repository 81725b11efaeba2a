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

struct NameCase {
  const char* why;
  std::string raw;
  const char* cleaned;  // nullptr: refused with name_invalid
};

// What a participant may call themselves: invisible characters and names that show as nothing are refused,
// emoji that use joiners and variation selectors are fine.
TEST(DisplayName, InvisibleCharactersTable) {
  const NameCase cases[] = {
      {"zero-width space", "Dana​", nullptr},
      {"zero-width non-joiner", "Da‌na", nullptr},
      {"zero-width joiner between letters", "Da‍na", nullptr},
      {"word joiner", "Da⁠na", nullptr},
      {"byte order mark", "﻿Dana", nullptr},
      {"soft hyphen", "Da­na", nullptr},
      {"left-to-right mark", "Dana‎", nullptr},
      {"right-to-left mark", "‏Dana", nullptr},
      {"Arabic letter mark", "Dana؜", nullptr},
      {"Hangul choseong filler", "ᅟ", nullptr},
      {"Hangul jungseong filler", "Danaᅠ", nullptr},
      {"Hangul filler", "ㅤ", nullptr},
      {"halfwidth Hangul filler", "Danaﾠ", nullptr},
      {"braille blank", "⠀", nullptr},
      {"Mongolian vowel separator", "Da᠎na", nullptr},
      {"combining grapheme joiner", "Da͏na", nullptr},
      {"a variation selector on its own", "️", nullptr},
      {"a variation selector after a space", "Dana ️", nullptr},
      {"two variation selectors in a row", "Dana️️", nullptr},
      {"a tag character", "Dana󠁁", nullptr},
      {"only combining marks", "́́", nullptr},
      {"a combining mark among spaces", "  ́  ", nullptr},
      {"an ideographic space only", "　", nullptr},
      {"a medium mathematical space only", " ", nullptr},
      {"an emoji with a variation selector", "Dana ❤️", "Dana ❤️"},
      {"a zero-width-joined emoji", "Dana 👩‍💻", "Dana 👩‍💻"},
      {"a skin tone and a joiner", "👩🏽‍🔬 Ana", "👩🏽‍🔬 Ana"},
      {"a subdivision flag", "Ewan 🏴󠁧󠁢󠁳󠁣󠁴󠁿",
       "Ewan 🏴󠁧󠁢󠁳󠁣󠁴󠁿"},
      {"a combining accent on a letter", "José", "José"},
      {"Unicode spaces are spaces", "Dana Lee ", "Dana Lee"},
  };
  for (const NameCase& c : cases) {
    auto result = clean_display_name(c.raw);
    if (c.cleaned) {
      ASSERT_TRUE(std::holds_alternative<std::string>(result)) << c.why << ": " << std::get<Rejection>(result).message;
      EXPECT_EQ(std::get<std::string>(result), c.cleaned) << c.why;
    } else {
      ASSERT_TRUE(std::holds_alternative<Rejection>(result)) << c.why;
      EXPECT_EQ(std::get<Rejection>(result).code, protocol::ErrorCode::name_invalid) << c.why;
    }
  }
}

TEST(DisplayName, InvisibleRefusalNamesTheCharacter) {
  auto r = std::get<Rejection>(clean_display_name("Dana​"));
  EXPECT_NE(r.message.find("U+200B"), std::string::npos) << r.message;
}

struct SameNameCase {
  const char* why;
  std::string a;
  std::string b;
  bool same;
};

TEST(DisplayName, DuplicatesAreFoundAfterNfkcAndCaseFoldingTable) {
  const SameNameCase cases[] = {
      {"case", "Dana", "DANA", true},
      {"fullwidth letters", "Dana", "Ｄａｎａ", true},
      {"a precomposed and a combining accent", "Zoë", "Zoë", true},
      {"German sharp s folds to ss", "Strauß", "STRAUSS", true},
      {"Greek final sigma", "ΟΔΥΣΣΕΥΣ", "οδυσσευς", true},
      {"a ligature", "ﬁona", "fiona", true},
      {"different names", "Dana", "Dan", false},
      {"an accent makes another name", "Zoe", "Zoë", false},
  };
  for (const SameNameCase& c : cases) {
    EXPECT_EQ(fold_display_name(c.a) == fold_display_name(c.b), c.same) << c.why;
  }
}

TEST(DisplayName, ParticipantsCannotTakeTheNamesOfThePeopleRunningTheSession) {
  const char* reserved[] = {"Facilitator", "facilitator", "FACILITATOR", "Host", "host 2", "H.O.S.T", "Co-host",
                            "Co host", "cohost", "Huddle", "Moderator", "Admin", "Administrator", "Organizer",
                            "Organiser", "System", "Ｈｏｓｔ" /* fullwidth */,
                            "Hоst" /* Cyrillic o */, "(Facilitator)", "Faci1itator"};
  for (const char* name : reserved) {
    auto r = clean_participant_name(name);
    ASSERT_TRUE(std::holds_alternative<Rejection>(r)) << name;
    EXPECT_EQ(std::get<Rejection>(r).code, protocol::ErrorCode::name_invalid) << name;
    EXPECT_NE(std::get<Rejection>(r).message.find("reserved for the people running the session"), std::string::npos);
  }
  for (const char* name : {"Dana Host", "Hostess", "Sys Admin Sam", "Helena", "Facilitator's friend Ana"}) {
    EXPECT_TRUE(std::holds_alternative<std::string>(clean_participant_name(name))) << name;
  }
}

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

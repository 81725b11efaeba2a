// A scenario's `language` must be a well-formed BCP 47 tag: browsers read it from the pages' lang attributes.
#include "scenario/language_tag.hpp"

#include <string>

#include <gtest/gtest.h>

namespace huddle::scenario {
namespace {

TEST(LanguageTag, AcceptsTheTagsAuthorsWrite) {
  for (const char* tag : {"en", "de", "EN", "pt-BR", "es-419", "zh-Hant-TW", "sr-Latn", "de-CH-1996", "sl-rozaj-biske",
                          "en-US-u-ca-gregory", "de-x-formal", "x-klingon", "zh-yue-HK", "haw"}) {
    EXPECT_TRUE(is_language_tag(tag)) << tag;
  }
}

TEST(LanguageTag, RefusesWhatIsNotATag) {
  for (const char* tag : {"", "English", "e", "pt_BR", "en-", "-en", "en--US", "de-CH-", "en-US-u", "x", "en-x",
                          "123", "en-a-b", "de de", "dé", "en-US-toolongsubtag"}) {
    EXPECT_FALSE(is_language_tag(tag)) << tag;
  }
  EXPECT_FALSE(is_language_tag("en-" + std::string(max_language_tag_chars, 'a'))) << "longer than the limit";
}

}  // namespace
}  // namespace huddle::scenario

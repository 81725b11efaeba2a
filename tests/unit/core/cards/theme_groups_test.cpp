// Cards about the same thing land in one theme group, named by the word they share.
#include "core/cards/theme_groups.hpp"

#include <gtest/gtest.h>

namespace huddle::core {
namespace {

using Texts = std::vector<std::pair<std::string, std::string>>;
using Words = std::vector<std::string>;

TEST(ThemeGroups, KeywordsDropStopWordsShortWordsAndPlurals) {
  EXPECT_EQ(theme_keywords("What is the budget process?"), (Words{"budget", "process"}));
  EXPECT_EQ(theme_keywords("Budget approvals are SLOW"), (Words{"approval", "budget", "slow"}));
  EXPECT_EQ(theme_keywords("I don't understand the status of OKRs"), (Words{"okr", "status"}));
  EXPECT_EQ(theme_keywords("don’t — really!"), Words{});  // curly apostrophe and dash split words too
  EXPECT_EQ(theme_keywords("Q3 roadmap, 2025"), (Words{"2025", "q3", "roadmap"}));
}

TEST(ThemeGroups, CardsSharingAKeywordFormAGroupNamedByIt) {
  auto groups = group_by_theme(Texts{{"c1", "What is the budget process?"},
                                     {"c2", "budget approvals are slow"},
                                     {"c3", "Who owns hiring?"}});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].id, "g-budget");
  EXPECT_EQ(groups[0].name, "budget");
  EXPECT_EQ(groups[0].card_ids, (Words{"c1", "c2"}));
}

TEST(ThemeGroups, PluralsMeetTheirSingular) {
  auto groups = group_by_theme(Texts{{"c1", "Too many meetings"}, {"c2", "Which meeting is the decision meeting?"}});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].keyword, "meeting");
}

TEST(ThemeGroups, SharedKeywordsChainCardsTogether) {
  // c1 and c3 share nothing, but both share a word with c2.
  auto groups = group_by_theme(Texts{{"c1", "budget deadlines"}, {"c2", "budget for hiring"}, {"c3", "hiring freeze"}});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].card_ids.size(), 3u);
  // "budget" and "hiring" are each on two cards: the alphabetically first leads.
  EXPECT_EQ(groups[0].id, "g-budget");
}

TEST(ThemeGroups, TheMostSharedKeywordNamesTheGroup) {
  auto groups = group_by_theme(Texts{{"c1", "feedback budget"}, {"c2", "feedback timing"}, {"c3", "feedback budget timing"}});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].name, "feedback");
}

TEST(ThemeGroups, ThePromptsOwnWordsDoNotJoinCards) {
  Texts texts{{"c1", "feedback to my boss"}, {"c2", "feedback in public"}};
  EXPECT_EQ(group_by_theme(texts).size(), 1u);
  EXPECT_TRUE(group_by_theme(texts, "What's still unclear about giving feedback?").empty());
}

TEST(ThemeGroups, LargestGroupsComeFirstAndLoneCardsStayUngrouped) {
  auto groups = group_by_theme(Texts{{"c1", "hiring"},
                                     {"c2", "budget"},
                                     {"c3", "budget cuts"},
                                     {"c4", "hiring plan"},
                                     {"c5", "hiring freeze"},
                                     {"c6", "offsite venue"}});
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].id, "g-hiring");
  EXPECT_EQ(groups[0].card_ids, (Words{"c1", "c4", "c5"}));
  EXPECT_EQ(groups[1].id, "g-budget");
}

}  // namespace
}  // namespace huddle::core

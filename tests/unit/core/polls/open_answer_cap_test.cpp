// A big room's open answers never make a view grow without bound: participants and the projector see the
// most often given few (with the total), the console a first page (with the totals) and can page through
// everything, and the report (poll_facilitator_view) keeps every answer.
#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "core/polls/poll_limits.hpp"
#include "core/polls/poll_views.hpp"
#include "core/polls/tally.hpp"
#include "poll_fixtures.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;
using test::vote;

std::string answer(std::size_t i) {
  std::string n = std::to_string(i);
  return "answer " + std::string(4 - std::min<std::size_t>(4, n.size()), '0') + n;  // sorts like the numbers
}

// An open poll whose results everyone sees, with `count` different answers from `count` voters.
Poll open_poll_with(std::size_t count, bool anonymous = true) {
  Poll poll("poll-9", test::settings({{"pollKind", "open"}, {"anonymous", anonymous}, {"results", "live"}}));
  for (std::size_t i = 0; i < count; ++i) {
    vote(poll, "k" + std::to_string(i), {{"text", answer(i)}},
         anonymous ? std::nullopt : std::optional<std::string>("Person " + answer(i)));
  }
  return poll;
}

TEST(OpenAnswerCap, ParticipantsAndTheProjectorSeeAFewWithTheTotal) {
  const Poll poll = open_poll_with(440);
  const json results = poll_public_view(poll)["results"];
  EXPECT_EQ(results["textCount"], 440);
  EXPECT_EQ(results["texts"].size(), open_answers_shown);
  EXPECT_EQ(results["voters"], 440);
}

TEST(OpenAnswerCap, TheAnswersGivenMostOftenComeFirstAndAreListedAToZ) {
  Poll poll("poll-9", test::settings({{"pollKind", "open"}, {"results", "live"}}));
  for (std::size_t i = 0; i < 300; ++i) vote(poll, "k" + std::to_string(i), {{"text", answer(i)}});
  // Five people give the same answer, late in the alphabet: it must not be cut for being a "z".
  for (int i = 0; i < 5; ++i) vote(poll, "z" + std::to_string(i), {{"text", "zero trust in the plan"}});
  const json texts = poll_public_view(poll)["results"]["texts"];
  ASSERT_EQ(texts.size(), open_answers_shown);
  std::size_t repeated = 0;
  for (const auto& t : texts) repeated += t == "zero trust in the plan";
  EXPECT_EQ(repeated, 5u);
  EXPECT_TRUE(std::is_sorted(texts.begin(), texts.end()));
}

TEST(OpenAnswerCap, ASmallRoomStillSeesEveryAnswer) {
  const Poll poll = open_poll_with(12);
  const json results = poll_public_view(poll)["results"];
  EXPECT_EQ(results["texts"].size(), 12u);
  EXPECT_EQ(results["textCount"], 12);
  EXPECT_EQ(results["texts"], poll_facilitator_view(poll)["results"]["texts"]);
}

TEST(OpenAnswerCap, TheConsolePushCarriesTheFirstPageAndTheTotals) {
  const Poll poll = open_poll_with(450, /*anonymous=*/false);
  const json view = poll_console_view(poll);
  EXPECT_EQ(view["results"]["textCount"], 450);
  ASSERT_EQ(view["results"]["texts"].size(), console_answers_page);
  EXPECT_EQ(view["results"]["texts"][0], answer(0));
  EXPECT_EQ(view["answerCount"], 450);
  EXPECT_EQ(view["answers"].size(), console_answers_page);
}

TEST(OpenAnswerCap, TheConsoleCanPageThroughEveryAnswer) {
  const Poll poll = open_poll_with(450, /*anonymous=*/false);
  std::vector<std::string> seen;
  std::set<std::string> names;
  for (std::size_t offset = 0;; offset += console_answers_page) {
    const json page = poll_results_page(poll, offset, console_answers_page);
    EXPECT_EQ(page["pollId"], "poll-9");
    EXPECT_EQ(page["offset"], offset);
    EXPECT_EQ(page["textCount"], 450);
    EXPECT_EQ(page["answerCount"], 450);
    for (const auto& t : page["texts"]) seen.push_back(t);
    for (const auto& a : page["answers"]) names.insert(a["name"].get<std::string>());
    if (page["texts"].empty()) break;
  }
  ASSERT_EQ(seen.size(), 450u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], answer(i));
  EXPECT_EQ(names.size(), 450u);
  // A page is never larger than the console's, whatever is asked for.
  EXPECT_EQ(poll_results_page(poll, 0, 100000)["texts"].size(), console_answers_page);
  EXPECT_EQ(poll_results_page(poll, 440, 50)["texts"].size(), 10u);
}

TEST(OpenAnswerCap, AnAnonymousPollsPagesCarryNoNames) {
  const Poll poll = open_poll_with(30);
  const json page = poll_results_page(poll, 0, 10);
  EXPECT_FALSE(page.contains("answers"));
  EXPECT_FALSE(page.contains("answerCount"));
  EXPECT_EQ(page["texts"].size(), 10u);
}

TEST(OpenAnswerCap, TheReportKeepsEveryAnswer) {
  const Poll poll = open_poll_with(450, /*anonymous=*/false);
  const json full = poll_facilitator_view(poll);
  EXPECT_EQ(full["results"]["texts"].size(), 450u);
  EXPECT_EQ(full["results"]["textCount"], 450);
  EXPECT_EQ(full["answers"].size(), 450u);
}

}  // namespace
}  // namespace huddle::core

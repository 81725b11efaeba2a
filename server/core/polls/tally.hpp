#pragma once
// The results of a poll, counted from its current ballots. Nothing in a Tally says who voted or in which order.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/polls/poll.hpp"
#include "core/polls/poll_kind.hpp"

namespace huddle::core {

struct Tally {
  struct WordCount {
    std::string word;  // normalised
    std::size_t count = 0;  // voters who gave the word (each counts a word once)
  };

  PollKind kind = PollKind::single;
  std::size_t voters = 0;

  // single and multi: voters who picked each option, in option order.
  std::vector<std::size_t> option_counts;
  // scale: voters per point, from scale.min (index 0) to scale.max.
  std::vector<std::size_t> scale_counts;
  // scale: the mean rating; empty until someone votes.
  std::optional<double> average;
  // wordcloud: every word given, by count (highest first) then word (A to Z). Screens show the first
  // wordcloud_top_words of them (poll_views.hpp); the report shows them all.
  std::vector<WordCount> words;
  // open: every answer, sorted by text (see tally()), never in the order they came in.
  std::vector<std::string> texts;

  // Share of voters (0..100) that `count` stands for; 0 when nobody voted. In a multi poll the shares of
  // all options can add up to more than 100, because each voter may pick several.
  double percent_of_voters(std::size_t count) const noexcept;
};

// Open answers are sorted alphabetically (ASCII case-insensitive, then byte order): the order carries no trace
// of who wrote an answer or when, identical answers sit together, and everyone (and every restart) sees the
// same list. Submission order would let anyone who saw a colleague press "send" find their answer.
Tally tally(const Poll& poll);

// At most `most` of an open poll's answers (tally().texts) for a screen everyone sees: the answers given most
// often first (identical texts count together), ties A to Z, and then listed A to Z like the full list. Says
// nothing about who wrote what or when, and a single writer cannot push many of their own to the front
// without as many identities.
std::vector<std::string> most_given_texts(const std::vector<std::string>& sorted_texts, std::size_t most);

}  // namespace huddle::core

#include "core/polls/tally.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/overloaded.hpp"

namespace huddle::core {
namespace {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

double Tally::percent_of_voters(std::size_t count) const noexcept {
  return voters == 0 ? 0.0 : 100.0 * static_cast<double>(count) / static_cast<double>(voters);
}

Tally tally(const Poll& poll) {
  const PollSettings& s = poll.settings();
  Tally t;
  t.kind = s.kind;
  t.voters = poll.voter_count();

  long long rating_sum = 0;
  std::map<std::string, std::size_t> word_counts;
  if (s.kind == PollKind::single || s.kind == PollKind::multi) {
    t.option_counts = poll.running_counts();  // kept as ballots come and go: no walk over every ballot
  } else if (s.kind == PollKind::scale) {
    t.scale_counts = poll.running_counts();
    rating_sum = poll.rating_sum();
  } else {
    for (const auto& [key, recorded] : poll.ballots()) {
      std::visit(overloaded{
                     [&](const WordEntries& b) {
                       for (const auto& word : b.words) ++word_counts[word];
                     },
                     [&](const OpenAnswer& b) { t.texts.insert(t.texts.end(), b.texts.begin(), b.texts.end()); },
                     [](const auto&) {},  // choice and scale ballots are counted as they come (above)
                 },
                 recorded.ballot);
    }
  }

  if (s.kind == PollKind::scale && t.voters > 0) {
    t.average = static_cast<double>(rating_sum) / static_cast<double>(t.voters);
  }

  if (s.kind == PollKind::wordcloud) {
    for (auto& [word, count] : word_counts) t.words.push_back({word, count});
    std::stable_sort(t.words.begin(), t.words.end(),  // the map already ordered equal counts by word
                     [](const Tally::WordCount& a, const Tally::WordCount& b) { return a.count > b.count; });
  }

  if (s.kind == PollKind::open) {
    // Fold once per answer rather than per comparison: a big room can send thousands.
    std::vector<std::pair<std::string, std::string>> keyed;
    keyed.reserve(t.texts.size());
    for (auto& text : t.texts) keyed.emplace_back(ascii_lower(text), std::move(text));
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t i = 0; i < keyed.size(); ++i) t.texts[i] = std::move(keyed[i].second);
  }
  return t;
}

std::vector<std::string> most_given_texts(const std::vector<std::string>& sorted_texts, std::size_t most) {
  if (sorted_texts.size() <= most) return sorted_texts;
  // Identical texts sit together in the sorted list: runs of them, by length (longest first, stable A to Z).
  struct Run {
    std::size_t first;
    std::size_t length;
  };
  std::vector<Run> runs;
  for (std::size_t i = 0; i < sorted_texts.size(); ++i) {
    if (!runs.empty() && sorted_texts[runs.back().first] == sorted_texts[i]) {
      ++runs.back().length;
    } else {
      runs.push_back({i, 1});
    }
  }
  std::stable_sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.length > b.length; });
  std::vector<std::size_t> picked;
  for (const Run& run : runs) {
    for (std::size_t k = 0; k < run.length && picked.size() < most; ++k) picked.push_back(run.first + k);
    if (picked.size() == most) break;
  }
  std::sort(picked.begin(), picked.end());
  std::vector<std::string> shown;
  shown.reserve(picked.size());
  for (std::size_t i : picked) shown.push_back(sorted_texts[i]);
  return shown;
}

}  // namespace huddle::core
